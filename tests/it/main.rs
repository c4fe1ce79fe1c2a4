//! The integration test binary.

#[test]
fn pdf_extract_probe() {
    let bytes = std::fs::read("out/2025-1432-velkomstbrev.pdf").unwrap();
    let text = pdf_extract::extract_text_from_mem(&bytes).unwrap();
    println!("{text}");
}
