//! Embeds `templates/` and `fonts/` into the binary so that a fresh install
//! needs nothing else. Generates `$OUT_DIR/embedded.rs` with two sorted
//! tables of `(relative path, bytes)`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(root, &path, out);
        } else {
            out.push(path.strip_prefix(root).expect("inside root").to_path_buf());
        }
    }
}

fn table(name: &str, dir: &str, keep: impl Fn(&Path) -> bool, code: &mut String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    walk(&root, &root, &mut files);
    writeln!(code, "pub static {name}: &[(&str, &[u8])] = &[").unwrap();
    for rel in files.into_iter().filter(|p| keep(p)) {
        let full = root.join(&rel);
        println!("cargo:rerun-if-changed={}", full.display());
        let rel = rel.to_string_lossy().replace('\\', "/");
        writeln!(
            code,
            "    ({rel:?}, include_bytes!({:?})),",
            full.display().to_string()
        )
        .unwrap();
    }
    writeln!(code, "];").unwrap();
}

fn main() {
    let mut code = String::new();
    table("TEMPLATES", "templates", |_| true, &mut code);
    table(
        "FONTS",
        "fonts",
        |p| p.extension().is_some_and(|e| e == "ttf" || e == "otf"),
        &mut code,
    );
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("embedded.rs");
    std::fs::write(out, code).expect("write embedded.rs");
}
