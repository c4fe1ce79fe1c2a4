//! Unambiguous stream ends in an exported PDF.
//!
//! A PDF stream is `stream` EOL, `/Length` bytes of data, an EOL marker and
//! `endstream`; PDF/A-2 (ISO 19005-2, 6.1.7.1) counts the length up to «the
//! EOL marker before the endstream keyword». The Typst exporter writes a
//! single LF there. When compressed data happens to end with a CR byte (the
//! last byte of a zlib stream is part of its checksum, so about one stream
//! in 256), the file reads CR LF before `endstream`, and a validator that
//! takes CR LF as the marker counts one byte too few: the PDF fails
//! PDF/A-2's length rule although `/Length` is right.
//!
//! The cure here makes the marker CR LF for exactly those streams (one CR
//! inserted after the data, the data and `/Length` untouched), and moves
//! the cross-reference offsets after each insertion. Any reading of the
//! marker then gives the length `/Length` says. A file without such a
//! stream is returned unchanged, so the export stays byte-for-byte what
//! Typst wrote in nearly every case.

/// The file with a CR LF marker before `endstream` where the data ends in
/// CR; `None` when the file is not laid out as expected (one classic
/// cross-reference table), and the caller keeps it as it is.
pub(crate) fn fix(pdf: &[u8]) -> Option<Vec<u8>> {
    let xref_at = startxref(pdf)?;
    let table = XrefTable::read(pdf, xref_at)?;
    let mut inserts: Vec<usize> = table
        .offsets
        .iter()
        .filter_map(|&(_, off)| stream_data_end(pdf, off))
        .filter(|&end| end > 0 && pdf[end - 1] == b'\r' && pdf[end..].starts_with(b"\nendstream"))
        .collect();
    if inserts.is_empty() {
        return Some(pdf.to_vec());
    }
    inserts.sort_unstable();
    let shift = |pos: usize| pos + inserts.partition_point(|&i| i < pos);
    let mut out = Vec::with_capacity(pdf.len() + inserts.len() + 16);
    let mut from = 0;
    for &i in &inserts {
        out.extend_from_slice(&pdf[from..i]);
        out.push(b'\r');
        from = i;
    }
    // Everything before the table, then the table and trailer rewritten.
    let head_end = shift(xref_at);
    out.extend_from_slice(&pdf[from..xref_at]);
    debug_assert_eq!(out.len(), head_end);
    out.extend_from_slice(format!("xref\n0 {}\n", table.size).as_bytes());
    let mut entries = vec![None; table.size];
    for &(n, off) in &table.offsets {
        entries[n] = Some((shift(off), table.generations[n]));
    }
    for (n, e) in entries.iter().enumerate() {
        match e {
            Some((off, g)) => out.extend_from_slice(format!("{off:010} {g:05} n\r\n").as_bytes()),
            None if n == 0 => out.extend_from_slice(b"0000000000 65535 f\r\n"),
            None => out.extend_from_slice(
                format!("{:010} {:05} f\r\n", 0, table.generations[n]).as_bytes(),
            ),
        }
    }
    out.extend_from_slice(&pdf[table.trailer_at..table.startxref_at]);
    out.extend_from_slice(format!("startxref\n{head_end}\n%%EOF\n").as_bytes());
    Some(out)
}

/// The offset `startxref` names.
fn startxref(pdf: &[u8]) -> Option<usize> {
    let at = find_last(pdf, b"startxref")?;
    let rest = std::str::from_utf8(&pdf[at + 9..]).ok()?;
    rest.split_whitespace().next()?.parse().ok()
}

/// A classic cross-reference table with one subsection starting at 0.
struct XrefTable {
    size: usize,
    /// In-use objects: (number, offset).
    offsets: Vec<(usize, usize)>,
    generations: Vec<u32>,
    /// Where `trailer` starts.
    trailer_at: usize,
    /// Where `startxref` starts.
    startxref_at: usize,
}

impl XrefTable {
    fn read(pdf: &[u8], at: usize) -> Option<Self> {
        let text = pdf.get(at..)?;
        if !text.starts_with(b"xref") {
            return None;
        }
        let mut lines = text
            .split(|&b| b == b'\n')
            .map(|l| l.strip_suffix(b"\r").unwrap_or(l));
        lines.next()?;
        let header = std::str::from_utf8(lines.next()?).ok()?;
        let mut h = header.split_whitespace();
        if h.next()? != "0" {
            return None;
        }
        let size: usize = h.next()?.parse().ok()?;
        let mut offsets = Vec::new();
        let mut generations = Vec::with_capacity(size);
        for n in 0..size {
            let line = std::str::from_utf8(lines.next()?).ok()?;
            let mut f = line.split_whitespace();
            let off: usize = f.next()?.parse().ok()?;
            let generation: u32 = f.next()?.parse().ok()?;
            generations.push(generation);
            if f.next()? == "n" {
                offsets.push((n, off));
            }
        }
        let trailer_at = at + find(text, b"trailer")?;
        let startxref_at = find_last(pdf, b"startxref")?;
        // One table only: a second one (an update) would need more.
        if find(&pdf[trailer_at..], b"/Prev").is_some() || trailer_at > startxref_at {
            return None;
        }
        Some(Self {
            size,
            offsets,
            generations,
            trailer_at,
            startxref_at,
        })
    }
}

/// For the object at `off`: where its stream data ends (data start +
/// `/Length`), if it is a stream with a direct length.
fn stream_data_end(pdf: &[u8], off: usize) -> Option<usize> {
    let obj = pdf.get(off..)?;
    // Whichever keyword comes first: an object without a stream ends
    // before one, and the data of one that has a stream is not read.
    let stream = first_keyword(obj).filter(|&(is_stream, _)| is_stream)?.1;
    let dict = &obj[..stream];
    let len_at = find(dict, b"/Length")? + 7;
    let mut num = dict[len_at..]
        .split(|b| !b.is_ascii_digit() && *b != b' ')
        .next()?
        .split(|b| *b == b' ')
        .filter(|s| !s.is_empty());
    let length: usize = std::str::from_utf8(num.next()?).ok()?.parse().ok()?;
    // `/Length 12 0 R` is an indirect length: not written by Typst.
    if num.next().is_some() {
        return None;
    }
    let mut start = off + stream + 6;
    match pdf.get(start..start + 2)? {
        [b'\r', b'\n'] => start += 2,
        [b'\n', _] => start += 1,
        _ => return None,
    }
    Some(start + length)
}

/// Where the first `stream` or `endobj` keyword of an object is, and
/// whether it is `stream`.
fn first_keyword(obj: &[u8]) -> Option<(bool, usize)> {
    let mut from = 0;
    while let Some(i) = memchr::memchr2(b's', b'e', &obj[from..]) {
        let at = from + i;
        if obj[at..].starts_with(b"stream") {
            return Some((true, at));
        }
        if obj[at..].starts_with(b"endobj") {
            return Some((false, at));
        }
        from = at + 1;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::rfind(hay, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small PDF with two streams, the second of which ends in CR.
    fn sample(second: &[u8]) -> Vec<u8> {
        let mut pdf = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        for (n, data) in [(1, &b"BT ET"[..]), (2, second)] {
            offsets.push(pdf.len());
            pdf.extend_from_slice(
                format!("{n} 0 obj\n<</Length {}>>\nstream\n", data.len()).as_bytes(),
            );
            pdf.extend_from_slice(data);
            pdf.extend_from_slice(b"\nendstream\nendobj\n");
        }
        offsets.push(pdf.len());
        pdf.extend_from_slice(b"3 0 obj\n<</Type/Catalog>>\nendobj\n");
        let xref = pdf.len();
        pdf.extend_from_slice(b"xref\n0 4\n0000000000 65535 f\r\n");
        for o in &offsets {
            pdf.extend_from_slice(format!("{o:010} 00000 n\r\n").as_bytes());
        }
        pdf.extend_from_slice(
            format!("trailer\n<</Size 4/Root 3 0 R>>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
        );
        pdf
    }

    /// Every object's offset in the table points at `N 0 obj`.
    fn offsets_hold(pdf: &[u8]) {
        let table = XrefTable::read(pdf, startxref(pdf).unwrap()).unwrap();
        for (n, off) in table.offsets {
            assert!(
                pdf[off..].starts_with(format!("{n} 0 obj").as_bytes()),
                "object {n}"
            );
        }
    }

    #[test]
    fn a_stream_ending_in_cr_gets_a_crlf_marker_and_the_offsets_move() {
        let pdf = sample(b"abc\r");
        offsets_hold(&pdf);
        let fixed = fix(&pdf).unwrap();
        assert_eq!(fixed.len(), pdf.len() + 1);
        assert!(find(&fixed, b"abc\r\r\nendstream").is_some());
        assert!(find(&fixed, b"/Length 4>>").is_some());
        offsets_hold(&fixed);
        // The data ends where /Length says, and CR LF follows.
        let end = stream_data_end(
            &fixed,
            XrefTable::read(&fixed, startxref(&fixed).unwrap())
                .unwrap()
                .offsets[1]
                .1,
        )
        .unwrap();
        assert_eq!(&fixed[end - 4..end], b"abc\r");
        assert!(fixed[end..].starts_with(b"\r\nendstream"));
    }

    #[test]
    fn a_file_without_such_a_stream_is_unchanged() {
        let pdf = sample(b"abc");
        assert_eq!(fix(&pdf).unwrap(), pdf);
    }

    #[test]
    fn an_unexpected_layout_is_left_alone() {
        assert!(fix(b"%PDF-1.7\nnot a pdf").is_none());
    }
}
