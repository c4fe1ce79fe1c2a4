//! The fonts embedded in the binary (`fonts/`, see build.rs) and which
//! characters they can show.

use typst::foundations::Bytes;
use typst::text::Font;

/// The fonts embedded in the binary, parsed once per process.
pub fn embedded_fonts() -> &'static [Font] {
    static FONTS: std::sync::LazyLock<Vec<Font>> = std::sync::LazyLock::new(|| {
        crate::embedded::FONTS
            .iter()
            .flat_map(|(_, bytes)| Font::iter(Bytes::new(*bytes)))
            .collect()
    });
    &FONTS
}

/// Whether some embedded font has a glyph for `c`.
pub fn has_glyph(c: char) -> bool {
    embedded_fonts()
        .iter()
        .any(|f| f.info().coverage.contains(c as u32))
}
