//! The kinds of document saksdok produces, and how each is named.

use std::fmt;

/// A kind of document. Each has one entry template `templates/<name>.typ`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocumentKind {
    /// Velkomstbrev: the welcome letter to a youth about to be settled.
    Velkomstbrev,
    /// Tiltaksplan: the measure plan, or «min plan» for an institution stay
    /// or for aftercare.
    Tiltaksplan,
    /// Evaluering: the evaluation of the tiltaksplan.
    Evaluering,
    /// Følgebrev: the cover letter that sends a plan or evaluation, one
    /// letter per party.
    Folgebrev,
    /// Sjekkliste: a printable checklist; the list's points are data in
    /// `templates/sjekklister/<name>.yaml`.
    Sjekkliste,
    /// The Askerguiden protocol: the 10 chapters with lines for the youth's
    /// and the særkontakt's signatures.
    Askerguiden,
    /// The særkontakt's overview of the Askerguiden: done, remaining, and
    /// documented in the journal.
    AskerguidenStatus,
    /// Utflyttingsplan: the move-out plan from shared housing into aftercare.
    Utflyttingsplan,
    /// Praksisavtale: the work-practice agreement between the youth, the
    /// employer and the municipality.
    Praksisavtale,
    /// Praksisattest: the reference letter after the work practice.
    Praksisattest,
    /// Samarbeidsavtale: a cooperation agreement with a volunteer actor.
    Samarbeidsavtale,
}

impl DocumentKind {
    /// Every kind, in the order shown in `--help`.
    pub const ALL: &'static [DocumentKind] = &[
        DocumentKind::Velkomstbrev,
        DocumentKind::Tiltaksplan,
        DocumentKind::Evaluering,
        DocumentKind::Folgebrev,
        DocumentKind::Sjekkliste,
        DocumentKind::Askerguiden,
        DocumentKind::AskerguidenStatus,
        DocumentKind::Utflyttingsplan,
        DocumentKind::Praksisavtale,
        DocumentKind::Praksisattest,
        DocumentKind::Samarbeidsavtale,
    ];

    /// The name used on the command line, in file names and template names.
    pub fn name(self) -> &'static str {
        match self {
            Self::Velkomstbrev => "velkomstbrev",
            Self::Tiltaksplan => "tiltaksplan",
            Self::Evaluering => "evaluering",
            Self::Folgebrev => "folgebrev",
            Self::Sjekkliste => "sjekkliste",
            Self::Askerguiden => "askerguiden",
            Self::AskerguidenStatus => "askerguiden-status",
            Self::Utflyttingsplan => "utflyttingsplan",
            Self::Praksisavtale => "praksisavtale",
            Self::Praksisattest => "praksisattest",
            Self::Samarbeidsavtale => "samarbeidsavtale",
        }
    }

    /// Looks a kind up by its command-line name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// The entry template, relative to the template root.
    pub fn template(self) -> String {
        format!("{}.typ", self.name())
    }
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The stem of an output file: case reference and document kind, never a
/// name or an ID number. «2025/1432» + velkomstbrev → `2025-1432-velkomstbrev`.
pub fn output_stem(saksnummer: &str, kind: DocumentKind) -> String {
    format!("{}-{}", reference_slug(saksnummer), kind.name())
}

/// The case reference as it appears in file and folder names: ASCII letters
/// and digits, other characters as single dashes. «2025/1432» → `2025-1432`;
/// a reference with nothing usable becomes `sak`.
pub fn reference_slug(saksnummer: &str) -> String {
    let mut reference: String = saksnummer
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    while reference.contains("--") {
        reference = reference.replace("--", "-");
    }
    let reference = reference.trim_matches('-');
    if reference.is_empty() {
        "sak".to_owned()
    } else {
        reference.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_come_from_the_reference_only() {
        assert_eq!(
            output_stem("2025/1432", DocumentKind::Velkomstbrev),
            "2025-1432-velkomstbrev"
        );
        assert_eq!(
            output_stem("../../etc", DocumentKind::Velkomstbrev),
            "etc-velkomstbrev"
        );
        assert_eq!(
            output_stem("ÆØÅ", DocumentKind::Velkomstbrev),
            "sak-velkomstbrev"
        );
    }
}
