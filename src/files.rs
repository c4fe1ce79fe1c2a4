//! Reading input files with a size limit, and only regular files: a folder,
//! a device such as `/dev/zero` or a named pipe without a writer would
//! otherwise read forever or block.

use std::io::Read;
use std::path::Path;

/// Why a file was not read.
#[derive(Debug)]
pub(crate) enum ReadProblem {
    /// A folder, device, pipe or socket; what it is, for the message.
    NotAFile(&'static str),
    /// Larger than the limit; the size seen.
    TooLarge(u64),
    /// The operating system refused.
    Io(std::io::Error),
}

/// Reads the regular file at `path` (links followed), at most `limit` bytes.
pub(crate) fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadProblem> {
    let meta = std::fs::metadata(path).map_err(ReadProblem::Io)?;
    if meta.is_dir() {
        return Err(ReadProblem::NotAFile("a folder"));
    }
    if !meta.is_file() {
        return Err(ReadProblem::NotAFile("a device, pipe or socket"));
    }
    if meta.len() > limit {
        return Err(ReadProblem::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    std::fs::File::open(path)
        .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
        .map_err(ReadProblem::Io)?;
    // The file grew while it was read.
    if bytes.len() as u64 > limit {
        return Err(ReadProblem::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_folders_and_large_files_are_refused() {
        assert!(matches!(
            read_limited(Path::new("/dev/zero"), 10),
            Err(ReadProblem::NotAFile(_))
        ));
        assert!(matches!(
            read_limited(Path::new("/"), 10),
            Err(ReadProblem::NotAFile("a folder"))
        ));
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.yaml");
        std::fs::write(&f, b"0123456789ab").unwrap();
        assert!(matches!(
            read_limited(&f, 10),
            Err(ReadProblem::TooLarge(12))
        ));
        assert_eq!(read_limited(&f, 12).unwrap(), b"0123456789ab");
        assert!(matches!(
            read_limited(&dir.path().join("missing"), 10),
            Err(ReadProblem::Io(_))
        ));
    }
}
