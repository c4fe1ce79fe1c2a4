//! Checks a deserialised case file or profile and returns the validated
//! value. All problems are collected, so the user sees every one at once.

use chrono::NaiveDate;

use super::ids::{self, NationalIdError};
use super::located::Text;
use super::model::{Address, CaseFile, Evaluering, Folgebrev, Profile, Tiltaksplan};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};
use crate::norsk::{Malform, parse_date};

/// A validated case: every date parses, every ID number checks out, every
/// reference to a member of staff resolves.
#[derive(Debug, Clone)]
pub struct Case {
    /// The case file as written.
    pub file: CaseFile,
    /// The file name used in diagnostics.
    pub source: String,
    /// The youth's registered date of birth.
    pub birth_date: NaiveDate,
}

impl Case {
    /// Whether the case has the data a document kind needs of its own (a
    /// checklist needs none, so it is never "present").
    pub fn has_data_for(&self, kind: crate::document::DocumentKind) -> bool {
        use crate::document::DocumentKind as K;
        let f = &self.file;
        match kind {
            K::Velkomstbrev => f.velkomstbrev.is_some(),
            K::Tiltaksplan => f.tiltaksplan.is_some(),
            K::Evaluering => f.evaluering.is_some(),
            K::Folgebrev => f.folgebrev.is_some(),
            K::Sjekkliste => false,
            K::Askerguiden | K::AskerguidenStatus => f.askerguiden.is_some(),
            K::Utflyttingsplan => f.utflyttingsplan.is_some(),
            K::Praksisavtale => f.arbeidspraksis.is_some(),
            K::Samarbeidsavtale => f.samarbeidsavtale.is_some(),
            K::Praksisattest => f
                .arbeidspraksis
                .as_ref()
                .is_some_and(|w| w.attest.is_some()),
        }
    }

    /// Whether a party (`ungdom` or `verge`) has a protected address
    /// (fortrolig / strengt fortrolig).
    pub fn has_protected_address(&self, role: &str) -> bool {
        let f = &self.file;
        match role {
            "ungdom" => is_protected(f.ungdom.adressebeskyttelse.as_ref()),
            "verge" => f
                .verge
                .as_ref()
                .is_some_and(|v| is_protected(v.adressebeskyttelse.as_ref())),
            _ => false,
        }
    }
}

/// A validated municipality profile.
#[derive(Debug, Clone)]
pub struct Municipality {
    /// The profile as written.
    pub profile: Profile,
    /// The file name used in diagnostics.
    pub source: String,
    /// The profile's written standard.
    pub malform: Malform,
    /// The organisation number as bare digits.
    pub org_nr: String,
}

/// The first explicit direction control of `text` that is not matched: an
/// embedding or override (U+202A, U+202B, U+202D, U+202E) not closed by
/// U+202C, an isolate (U+2066–U+2068) not closed by U+2069, or a closer
/// with nothing open. Such a character would act beyond the value, on the
/// rest of its paragraph.
fn unbalanced_direction(text: &str) -> Option<char> {
    let mut open: Vec<char> = Vec::new();
    for c in text.chars() {
        match c {
            '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' | '\u{2066}' | '\u{2067}'
            | '\u{2068}' => open.push(c),
            '\u{202C}' => match open.last() {
                Some('\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}') => {
                    open.pop();
                }
                _ => return Some(c),
            },
            '\u{2069}' => {
                // Closes the innermost isolate and any embedding inside it.
                match open
                    .iter()
                    .rposition(|o| matches!(o, '\u{2066}' | '\u{2067}' | '\u{2068}'))
                {
                    Some(isolate) => open.truncate(isolate),
                    None => return Some(c),
                }
            }
            _ => {}
        }
    }
    open.first().copied()
}

/// Characters that are never drawn (whitespace, joiners, direction and
/// variation marks) and so need no glyph.
fn is_default_ignorable(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c as u32,
            0x00AD
                | 0x034F
                | 0x061C
                | 0x180B..=0x180F
                | 0x200B..=0x200F
                | 0x202A..=0x202E
                | 0x2060..=0x206F
                | 0xFE00..=0xFE0F
                | 0xFEFF
                | 0xE0000..=0xE0FFF
        )
}

/// Collects diagnostics for one file.
pub(crate) struct Checker<'a> {
    file: &'a str,
    diags: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    pub(crate) fn new(file: &'a str) -> Self {
        Self {
            file,
            diags: Vec::new(),
        }
    }

    pub(crate) fn error(&mut self, t: &Text, field: &str, msg: impl Into<String>, hint: &str) {
        let mut d = Diagnostic::error(Code::Inconsistent, msg)
            .in_file(self.file)
            .at(t.loc)
            .field(field);
        if !hint.is_empty() {
            d = d.hint(hint);
        }
        self.diags.push(d);
    }

    /// Checks a text field: no control characters, and not blank.
    pub(crate) fn text(&mut self, t: &Text, field: &str) {
        if t.trim().is_empty() {
            self.error(
                t,
                field,
                "required field is empty",
                "write a value; an empty text counts as missing",
            );
        }
        self.chars(t, field);
    }

    /// Checks the characters of a text: no control characters, no
    /// private-use characters (PDF/A forbids them), and every visible
    /// character must have a glyph in the bundled fonts, so a missing glyph
    /// is reported here, with its field, rather than by the PDF export.
    pub(crate) fn chars(&mut self, t: &Text, field: &str) {
        let max = super::MAX_VALUE_CHARS;
        if t.chars().nth(max).is_some() {
            self.error(
                t,
                field,
                format!("text is longer than {max} characters"),
                "shorten it; a field holds at most about three pages of text",
            );
            return;
        }
        for c in t.chars() {
            let cp = c as u32;
            let problem = if (c.is_control() && c != '\n' && c != '\t')
                || matches!(c, '\u{2028}' | '\u{2029}')
            {
                Some((
                    format!("text contains the control character U+{cp:04X}"),
                    "remove it; only ordinary characters, tabs and line breaks are allowed",
                ))
            } else if matches!(cp, 0xE000..=0xF8FF | 0xF0000..=0x10FFFF) {
                Some((
                    format!("text contains the private-use character U+{cp:04X}"),
                    "private-use characters cannot be archived as PDF/A; write the text with standard characters",
                ))
            } else if !is_default_ignorable(c) && !crate::assets::has_glyph(c) {
                Some((
                    format!("no bundled font can show the character U+{cp:04X} ({c})"),
                    "the fonts cover Norwegian, Latin, Cyrillic, Arabic-script and Ethiopic text; replace or transliterate the character",
                ))
            } else {
                None
            };
            if let Some((msg, hint)) = problem {
                self.error(t, field, msg, hint);
                return;
            }
        }
        if let Some(c) = unbalanced_direction(t) {
            self.error(
                t,
                field,
                format!(
                    "text has a direction control U+{:04X} without its pair",
                    c as u32
                ),
                "an invisible direction character that is not closed in the same text would turn the rest of the paragraph around; remove it (right-to-left names need none), or close U+202A–U+202E with U+202C and U+2066–U+2068 with U+2069",
            );
        }
    }

    pub(crate) fn opt_text(&mut self, t: Option<&Text>, field: &str) {
        if let Some(t) = t {
            self.text(t, field);
        }
    }

    pub(crate) fn date(&mut self, t: &Text, field: &str) -> Option<NaiveDate> {
        self.chars(t, field);
        let d = parse_date(t);
        if d.is_none() {
            self.error(
                t,
                field,
                "not a valid date",
                "write the date as YYYY-MM-DD (2026-06-15) or DD.MM.YYYY (15.06.2026), and check that the day exists",
            );
        }
        d
    }

    pub(crate) fn address(&mut self, a: &Address, field: &str) {
        self.text(&a.linje1, &format!("{field}.linje1"));
        self.opt_text(a.linje2.as_ref(), &format!("{field}.linje2"));
        self.text(&a.poststed, &format!("{field}.poststed"));
        if !(a.postnr.len() == 4 && a.postnr.bytes().all(|b| b.is_ascii_digit())) {
            self.error(
                &a.postnr,
                &format!("{field}.postnr"),
                "a postnummer is four digits",
                "quote it to keep a leading zero: postnr: \"0150\"",
            );
        }
    }

    pub(crate) fn finish<T>(self, value: T) -> Result<T> {
        if self.diags.is_empty() {
            Ok(value)
        } else {
            Err(Error::Invalid(self.diags))
        }
    }
}

/// Validates a profile.
pub(crate) fn profile(p: Profile, source: &str) -> Result<Municipality> {
    let mut c = Checker::new(source);
    c.text(&p.kommune, "kommune");
    c.text(&p.enhet, "enhet");
    c.opt_text(p.avdeling.as_ref(), "avdeling");
    let malform = Malform::from_code(&p.malform);
    if malform.is_none() {
        c.error(
            &p.malform,
            "målform",
            format!("unknown målform `{}`", p.malform.value),
            "allowed values: nb (bokmål), nn (nynorsk)",
        );
    }
    let org_nr = match ids::validate_org_nr(&p.org_nr) {
        Ok(bare) => bare,
        Err(e) => {
            c.error(
                &p.org_nr,
                "org_nr",
                format!("invalid organisasjonsnummer: {e}"),
                "copy the number from Brønnøysundregistrene",
            );
            String::new()
        }
    };
    c.address(&p.postadresse, "postadresse");
    c.address(&p.besoksadresse, "besoksadresse");
    c.text(&p.telefon, "telefon");
    c.text(&p.epost, "epost");
    c.opt_text(p.nettside.as_ref(), "nettside");
    c.text(&p.taushetsplikt.merking, "taushetsplikt.merking");
    c.text(&p.taushetsplikt.hjemmel, "taushetsplikt.hjemmel");
    if let Some(a) = &p.adresse_ved_adressebeskyttelse {
        c.address(a, "adresse_ved_adressebeskyttelse");
    }
    c.opt_text(p.praksis_lonn.as_ref(), "praksis_lonn");
    for (i, o) in p.faste_tilbud.iter().enumerate() {
        c.text(&o.nb, &format!("faste_tilbud[{i}].nb"));
        c.text(&o.nn, &format!("faste_tilbud[{i}].nn"));
    }
    for (i, step) in p.utflytting_tidslinje.iter().enumerate() {
        c.text(&step.nb, &format!("utflytting_tidslinje[{i}].nb"));
        c.text(&step.nn, &format!("utflytting_tidslinje[{i}].nn"));
    }
    for (i, t) in p.askerguiden_kapitler.iter().enumerate() {
        c.text(t, &format!("askerguiden_kapitler[{i}]"));
    }
    if !p.askerguiden_kapitler.is_empty() && p.askerguiden_kapitler.len() != GUIDE_CHAPTERS {
        c.error(
            &p.askerguiden_kapitler[0],
            "askerguiden_kapitler",
            format!(
                "the Askerguiden has {GUIDE_CHAPTERS} chapters, the profile lists {}",
                p.askerguiden_kapitler.len()
            ),
            "list the ten chapter titles in order",
        );
    }
    for (i, n) in p.nodnumre.iter().enumerate() {
        c.text(&n.nummer, &format!("nodnumre[{i}].nummer"));
        c.text(&n.tjeneste, &format!("nodnumre[{i}].tjeneste"));
    }
    let malform = malform.unwrap_or(Malform::Bokmal);
    c.finish(Municipality {
        profile: p,
        source: source.to_owned(),
        malform,
        org_nr,
    })
}

/// The longest case reference accepted; it becomes part of file names.
const MAX_REFERENCE_CHARS: usize = 40;

/// Validates a case file.
pub(crate) fn case(f: CaseFile, source: &str) -> Result<Case> {
    let mut c = Checker::new(source);
    c.opt_text(f.kommuneprofil.as_ref(), "kommuneprofil");
    c.text(&f.saksnummer, "saksnummer");
    // The reference names the output files and folders.
    if f.saksnummer.chars().count() > MAX_REFERENCE_CHARS {
        c.error(
            &f.saksnummer,
            "saksnummer",
            format!("the case reference is longer than {MAX_REFERENCE_CHARS} characters"),
            "write the archive's case number, such as 2025/1432",
        );
    } else if !f.saksnummer.chars().any(|ch| ch.is_ascii_alphanumeric()) {
        c.error(
            &f.saksnummer,
            "saksnummer",
            "the case reference has no digit or letter A–Z",
            "write the archive's case number, such as 2025/1432; it names the output files",
        );
    }

    let y = &f.ungdom;
    c.text(&y.fornavn, "ungdom.fornavn");
    c.text(&y.etternavn, "ungdom.etternavn");
    c.opt_text(y.navn_originalskrift.as_ref(), "ungdom.navn_originalskrift");
    let birth_date = c.date(&y.fodselsdato, "ungdom.fodselsdato");
    for (key, value) in [
        ("fodselsnummer", &y.fodselsnummer),
        ("d_nummer", &y.d_nummer),
    ] {
        let Some(value) = value else { continue };
        let field = format!("ungdom.{key}");
        match ids::validate_national_id(value) {
            Err(e) => {
                let hint = match e {
                    NationalIdError::Checksum => {
                        "check the number against the case system; it may have a typing error"
                    }
                    _ => "an ID number is 11 digits with no spaces",
                };
                c.error(value, &field, format!("invalid {key}: {e}"), hint);
            }
            Ok(id) => {
                if let Some(dob) = birth_date {
                    use chrono::Datelike;
                    let yy = u32::try_from(dob.year().rem_euclid(100)).unwrap_or(0);
                    if (id.day, id.month, id.year2) != (dob.day(), dob.month(), yy) {
                        c.error(
                            value,
                            &field,
                            format!("the date part of {key} does not match ungdom.fodselsdato"),
                            "one of the two is wrong; an age assessment may have changed both",
                        );
                    }
                }
                let expected_d = key == "d_nummer";
                let is_d = value
                    .as_bytes()
                    .first()
                    .is_some_and(|b| (b'4'..=b'7').contains(b));
                if expected_d != is_d {
                    c.error(
                        value,
                        &field,
                        if expected_d {
                            "this is a fødselsnummer, not a D-nummer"
                        } else {
                            "this is a D-nummer, not a fødselsnummer"
                        },
                        "move it to the other field",
                    );
                }
            }
        }
    }
    if let Err(e) = ids::validate_duf(&y.duf) {
        c.error(
            &y.duf,
            "ungdom.duf",
            format!("invalid DUF number: {e}"),
            "a DUF number is 12 digits: the year of registration, a 6-digit serial number and 2 control digits; copy it from the UDI letter",
        );
    }
    for (i, l) in y.sprak.iter().enumerate() {
        c.text(&l.kode, &format!("ungdom.sprak[{i}].kode"));
        c.text(&l.navn, &format!("ungdom.sprak[{i}].navn"));
    }
    c.address(&y.adresse, "ungdom.adresse");
    if let Some(l) = &y.fritid {
        c.opt_text(l.onsker.as_ref(), "ungdom.fritid.onsker");
        for (i, t) in l.aktiviteter.iter().enumerate() {
            c.text(t, &format!("ungdom.fritid.aktiviteter[{i}]"));
        }
        for (i, t) in l.kontakter.iter().enumerate() {
            c.text(t, &format!("ungdom.fritid.kontakter[{i}]"));
        }
    }

    if let Some(v) = &f.verge {
        c.text(&v.navn, "verge.navn");
        c.address(&v.adresse, "verge.adresse");
        c.opt_text(v.telefon.as_ref(), "verge.telefon");
        c.opt_text(v.epost.as_ref(), "verge.epost");
    }

    let mut ids_seen: Vec<&str> = Vec::new();
    for (i, s) in f.ansatte.iter().enumerate() {
        c.text(&s.id, &format!("ansatte[{i}].id"));
        if ids_seen.contains(&s.id.as_str()) {
            c.error(
                &s.id,
                &format!("ansatte[{i}].id"),
                format!("staff id `{}` is used twice", s.id.value),
                "give each member of staff their own id",
            );
        }
        ids_seen.push(&s.id);
        c.text(&s.navn, &format!("ansatte[{i}].navn"));
        c.text(&s.tittel, &format!("ansatte[{i}].tittel"));
        c.opt_text(s.telefon.as_ref(), &format!("ansatte[{i}].telefon"));
        c.opt_text(s.epost.as_ref(), &format!("ansatte[{i}].epost"));
    }
    let staff_ref = |c: &mut Checker, t: &Text, field: &str| {
        if !ids_seen.contains(&t.as_str()) {
            let hint = match crate::diagnostic::nearest(t, ids_seen.iter().copied()) {
                Some(best) => {
                    format!("did you mean `{best}`? staff ids are listed under `ansatte`")
                }
                None => format!("known staff ids: {}", ids_seen.join(", ")),
            };
            c.error(
                t,
                field,
                format!("`{}` is not a member of staff in this case", t.value),
                &hint,
            );
        }
    };
    // A person in the case: the youth, the guardian (if there is one) or a
    // member of staff.
    let has_verge = f.verge.is_some();
    let person_ref = |c: &mut Checker, t: &Text, field: &str| match t.as_str() {
        "ungdom" => {}
        "verge" if has_verge => {}
        "verge" => c.error(
            t,
            field,
            "`verge` is named, but the case has no guardian",
            "add a `verge:` section or remove the reference",
        ),
        _ => staff_ref(c, t, field),
    };
    staff_ref(&mut c, &f.saerkontakt, "saerkontakt");
    staff_ref(&mut c, &f.saksbehandler, "saksbehandler");

    if let Some(b) = &f.bosetting {
        c.date(&b.dato, "bosetting.dato");
        c.text(&b.bofellesskap.navn, "bosetting.bofellesskap.navn");
        c.address(&b.bofellesskap.adresse, "bosetting.bofellesskap.adresse");
        c.opt_text(
            b.bofellesskap.telefon.as_ref(),
            "bosetting.bofellesskap.telefon",
        );
    }

    if let Some(v) = &f.velkomstbrev {
        let p = "velkomstbrev";
        if let Some(d) = &v.dato {
            c.date(d, &format!("{p}.dato"));
        }
        c.opt_text(v.var_ref.as_ref(), &format!("{p}.var_ref"));
        c.opt_text(v.deres_ref.as_ref(), &format!("{p}.deres_ref"));
        c.text(&v.ankomst, &format!("{p}.ankomst"));
        c.text(&v.motested, &format!("{p}.motested"));
        for (i, m) in v.mottas_av.iter().enumerate() {
            staff_ref(&mut c, m, &format!("{p}.mottas_av[{i}]"));
        }
        c.opt_text(v.rom.as_ref(), &format!("{p}.rom"));
        for (i, t) in v.ta_med.iter().enumerate() {
            c.text(t, &format!("{p}.ta_med[{i}]"));
        }
        for (i, item) in v.forste_uker.iter().enumerate() {
            c.text(&item.hva, &format!("{p}.forste_uker[{i}].hva"));
            if let Some(d) = &item.dato {
                c.date(d, &format!("{p}.forste_uker[{i}].dato"));
            }
            if let Some(a) = &item.ansvarlig {
                staff_ref(&mut c, a, &format!("{p}.forste_uker[{i}].ansvarlig"));
            }
        }
        for (i, t) in v.vedlegg.iter().enumerate() {
            c.text(t, &format!("{p}.vedlegg[{i}]"));
        }
        if let Some(s) = &v.signatur {
            staff_ref(&mut c, s, &format!("{p}.signatur"));
        }
    }

    if let Some(plan) = &f.tiltaksplan {
        plan_checks(&mut c, plan, &person_ref);
        if let Some(ev) = &f.evaluering {
            evaluation_checks(&mut c, plan, ev, &person_ref);
        }
    } else if let Some(ev) = &f.evaluering {
        c.error(
            &ev.fungerer,
            "evaluering",
            "an evaluation needs the plan it evaluates",
            "add the `tiltaksplan:` section the evaluation refers to",
        );
    }

    for (field, prot) in [
        ("ungdom.adressebeskyttelse", y.adressebeskyttelse.as_ref()),
        (
            "verge.adressebeskyttelse",
            f.verge.as_ref().and_then(|v| v.adressebeskyttelse.as_ref()),
        ),
    ] {
        if let Some(t) = prot
            && !ADDRESS_PROTECTION.contains(&t.as_str())
        {
            c.error(
                t,
                field,
                format!("unknown address protection `{}`", t.value),
                "allowed values: ingen, fortrolig, strengt_fortrolig",
            );
        }
    }
    if let Some(g) = &f.askerguiden {
        guide_checks(&mut c, g);
    }
    if let Some(a) = &f.samarbeidsavtale {
        let p = "samarbeidsavtale";
        if let Some(d) = &a.dato {
            c.date(d, &format!("{p}.dato"));
        }
        c.text(&a.aktor.navn, &format!("{p}.aktor.navn"));
        c.text(&a.aktor.kontakt.navn, &format!("{p}.aktor.kontakt.navn"));
        c.opt_text(
            a.aktor.kontakt.tittel.as_ref(),
            &format!("{p}.aktor.kontakt.tittel"),
        );
        c.opt_text(
            a.aktor.kontakt.telefon.as_ref(),
            &format!("{p}.aktor.kontakt.telefon"),
        );
        c.text(&a.formaal, &format!("{p}.formaal"));
        for (i, t) in a.aktor_gjor.iter().enumerate() {
            c.text(t, &format!("{p}.aktor_gjor[{i}]"));
        }
        for (i, t) in a.kommunen_gjor.iter().enumerate() {
            c.text(t, &format!("{p}.kommunen_gjor[{i}]"));
        }
        staff_ref(&mut c, &a.kontakt_kommune, &format!("{p}.kontakt_kommune"));
        c.text(&a.moter, &format!("{p}.moter"));
        let from = c.date(&a.periode.fra, &format!("{p}.periode.fra"));
        let to = c.date(&a.periode.til, &format!("{p}.periode.til"));
        if let (Some(fr), Some(t)) = (from, to)
            && t < fr
        {
            c.error(
                &a.periode.til,
                &format!("{p}.periode.til"),
                "the agreement ends before it starts",
                "samarbeidsavtale.periode.til must be on or after samarbeidsavtale.periode.fra",
            );
        }
    }
    if let Some(w) = &f.arbeidspraksis {
        let p = "arbeidspraksis";
        if let Some(d) = &w.dato {
            c.date(d, &format!("{p}.dato"));
        }
        c.text(&w.arbeidsplass.navn, &format!("{p}.arbeidsplass.navn"));
        c.address(
            &w.arbeidsplass.adresse,
            &format!("{p}.arbeidsplass.adresse"),
        );
        let signer = w
            .attest
            .as_ref()
            .map_or(&w.kontakt_arbeidsgiver, |a| &a.underskriver);
        for (field, k) in [
            ("kontakt_arbeidsgiver", &w.kontakt_arbeidsgiver),
            ("attest.underskriver", signer),
        ] {
            c.text(&k.navn, &format!("{p}.{field}.navn"));
            c.opt_text(k.tittel.as_ref(), &format!("{p}.{field}.tittel"));
            c.opt_text(k.telefon.as_ref(), &format!("{p}.{field}.telefon"));
        }
        staff_ref(&mut c, &w.kontakt_kommune, &format!("{p}.kontakt_kommune"));
        let start = c.date(&w.start, &format!("{p}.start"));
        let end = w
            .slutt
            .as_ref()
            .and_then(|e| c.date(e, &format!("{p}.slutt")));
        if let (Some(s), Some(e), Some(t)) = (start, end, &w.slutt)
            && e < s
        {
            c.error(
                t,
                &format!("{p}.slutt"),
                "the practice ends before it starts",
                "arbeidspraksis.slutt must be on or after arbeidspraksis.start",
            );
        }
        c.text(&w.arbeidstid, &format!("{p}.arbeidstid"));
        for (i, t) in w.oppgaver.iter().enumerate() {
            c.text(t, &format!("{p}.oppgaver[{i}]"));
        }
        c.opt_text(w.problemer.as_ref(), &format!("{p}.problemer"));
        if let Some(a) = &w.attest {
            c.text(&a.vurdering, &format!("{p}.attest.vurdering"));
            let last = end.or_else(|| start.and_then(|s| crate::norsk::add_months(s, 3)));
            if let (Some(d), Some(last)) = (c.date(&a.dato, &format!("{p}.attest.dato")), last)
                && d < last
            {
                c.error(
                    &a.dato,
                    &format!("{p}.attest.dato"),
                    format!("a reference letter dated before the practice has ended (last day {})", crate::norsk::date_long(last)),
                    "write the attest after the last day (arbeidspraksis.slutt, or start + 3 months)",
                );
            }
        }
    }
    if let Some(u) = &f.utflyttingsplan {
        let settled = f.bosetting.as_ref().map(|b| &b.dato);
        move_checks(&mut c, u, settled, &person_ref);
    }
    if let Some(fb) = &f.folgebrev {
        letter_checks(&mut c, fb, f.verge.is_some(), &staff_ref);
    }

    let birth_date = birth_date.unwrap_or_default();
    c.finish(Case {
        file: f,
        source: source.to_owned(),
        birth_date,
    })
}

/// The plan variants, by their name in the case file.
pub const PLAN_VARIANTS: &[&str] = &["ordinaer", "institusjon", "ettervern"];

fn plan_checks(
    c: &mut Checker,
    plan: &Tiltaksplan,
    person_ref: &dyn Fn(&mut Checker, &Text, &str),
) {
    let p = "tiltaksplan";
    if !PLAN_VARIANTS.contains(&plan.variant.as_str()) {
        c.error(
            &plan.variant,
            &format!("{p}.variant"),
            format!("unknown plan variant `{}`", plan.variant.value),
            "allowed values: ordinaer (hjelpetiltak), institusjon («min plan» for an institution stay), ettervern («min plan» for aftercare)",
        );
    }
    let plan_date = plan
        .dato
        .as_ref()
        .and_then(|d| c.date(d, &format!("{p}.dato")));
    let from = c.date(&plan.periode.fra, &format!("{p}.periode.fra"));
    let to = c.date(&plan.periode.til, &format!("{p}.periode.til"));
    if let (Some(from), Some(to)) = (from, to)
        && to < from
    {
        c.error(
            &plan.periode.til,
            &format!("{p}.periode.til"),
            "the plan period ends before it starts",
            "tiltaksplan.periode.til must be on or after tiltaksplan.periode.fra",
        );
    }
    let v = &plan.vedtak;
    c.text(&v.referanse, &format!("{p}.vedtak.ref"));
    c.date(&v.dato, &format!("{p}.vedtak.dato"));
    c.text(&v.hjemmel, &format!("{p}.vedtak.hjemmel"));
    c.text(&v.tiltak, &format!("{p}.vedtak.tiltak"));
    if let Some(n) = plan.evaluering_intervall_mnd
        && !(1..=24).contains(&n)
    {
        c.error(
            &plan.variant,
            &format!("{p}.evaluering_intervall_mnd"),
            format!("an evaluation interval of {n} months is not allowed"),
            "give a number of months from 1 to 24 (default 3; 6 for an institution stay)",
        );
    }
    for (i, d) in plan.evalueringsdatoer.iter().enumerate() {
        let field = format!("{p}.evalueringsdatoer[{i}]");
        if let (Some(e), Some(pd)) = (c.date(d, &field), plan_date)
            && e <= pd
        {
            c.error(
                d,
                &field,
                "the evaluation date is not after the plan date",
                "an evaluation comes after tiltaksplan.dato; check both dates",
            );
        }
    }
    for (i, t) in plan.deltakere.iter().enumerate() {
        person_ref(c, t, &format!("{p}.deltakere[{i}]"));
    }
    c.opt_text(plan.tolk.as_ref(), &format!("{p}.tolk"));
    for (i, t) in plan.andre_deltakere.iter().enumerate() {
        c.text(t, &format!("{p}.andre_deltakere[{i}]"));
    }
    c.text(&plan.bakgrunn, &format!("{p}.bakgrunn"));
    c.text(&plan.viktig_for_meg, &format!("{p}.viktig_for_meg"));
    let mut goal_ids: Vec<&str> = Vec::new();
    for (i, g) in plan.maal.iter().enumerate() {
        let field = format!("{p}.maal[{i}]");
        c.text(&g.id, &format!("{field}.id"));
        if goal_ids.contains(&g.id.as_str()) {
            c.error(
                &g.id,
                &format!("{field}.id"),
                format!("goal id `{}` is used twice", g.id.value),
                "give each goal its own id",
            );
        }
        goal_ids.push(&g.id);
        c.text(&g.tekst, &format!("{field}.tekst"));
        c.date(&g.frist, &format!("{field}.frist"));
    }
    for (i, m) in plan.tiltak.iter().enumerate() {
        let field = format!("{p}.tiltak[{i}]");
        c.text(&m.tekst, &format!("{field}.tekst"));
        for (j, g) in m.maal.iter().enumerate() {
            if !goal_ids.contains(&g.as_str()) {
                c.error(
                    g,
                    &format!("{field}.maal[{j}]"),
                    format!("`{}` is not a goal of this plan", g.value),
                    &format!("goal ids: {}", goal_ids.join(", ")),
                );
            }
        }
        match (&m.ansvarlig, &m.ansvarlig_tekst) {
            (Some(a), None) => person_ref(c, a, &format!("{field}.ansvarlig")),
            (None, Some(t)) => c.text(t, &format!("{field}.ansvarlig_tekst")),
            (Some(a), Some(_)) => c.error(
                a,
                &format!("{field}.ansvarlig"),
                "both `ansvarlig` and `ansvarlig_tekst` are given",
                "use `ansvarlig` for a person in the case, `ansvarlig_tekst` for anyone else",
            ),
            (None, None) => c.error(
                &m.tekst,
                &field,
                "the measure has no one responsible",
                "add `ansvarlig: <staff id, ungdom or verge>` or `ansvarlig_tekst: <service>`",
            ),
        }
        c.opt_text(m.omfang.as_ref(), &format!("{field}.omfang"));
        let start = c.date(&m.start, &format!("{field}.start"));
        if let Some(end) = &m.slutt
            && let (Some(e), Some(s)) = (c.date(end, &format!("{field}.slutt")), start)
            && e < s
        {
            c.error(
                end,
                &format!("{field}.slutt"),
                "the measure ends before it starts",
                &format!("{field}.slutt must be on or after {field}.start"),
            );
        }
    }
    for (i, o) in plan.andre_tjenester.iter().enumerate() {
        let field = format!("{p}.andre_tjenester[{i}]");
        c.text(&o.tjeneste, &format!("{field}.tjeneste"));
        c.text(&o.tiltak, &format!("{field}.tiltak"));
        c.opt_text(o.kontakt.as_ref(), &format!("{field}.kontakt"));
    }
    if let Some(g) = &plan.ansvarsgruppe {
        for (i, t) in g.deltakere.iter().enumerate() {
            c.text(t, &format!("{p}.ansvarsgruppe.deltakere[{i}]"));
        }
        c.text(&g.moter, &format!("{p}.ansvarsgruppe.moter"));
    }
    match (&plan.samtykke, plan.variant.as_str()) {
        (Some(s), _) => {
            c.date(&s.dato, &format!("{p}.samtykke.dato"));
            c.opt_text(s.referanse.as_ref(), &format!("{p}.samtykke.referanse"));
        }
        (None, "ettervern") => c.error(
            &plan.variant,
            &format!("{p}.samtykke"),
            "an aftercare plan needs the youth's written consent",
            "add `samtykke: { dato: YYYY-MM-DD }` (bvl. § 3-6: aftercare needs consent)",
        ),
        (None, _) => {}
    }
    match (&plan.institusjon, plan.variant.as_str()) {
        (Some(i), _) => {
            c.text(&i.navn, &format!("{p}.institusjon.navn"));
            c.opt_text(i.kontakt.as_ref(), &format!("{p}.institusjon.kontakt"));
        }
        (None, "institusjon") => c.error(
            &plan.variant,
            &format!("{p}.institusjon"),
            "a plan for an institution stay needs the institution",
            "add `institusjon: { navn: … }`",
        ),
        (None, _) => {}
    }
    person_ref(c, &plan.godkjent_av, &format!("{p}.godkjent_av"));
}

/// Goal statuses at an evaluation, by their name in the case file.
pub const GOAL_STATUSES: &[&str] = &["oppnadd", "delvis_oppnadd", "ikke_oppnadd", "ikkje_oppnadd"];

/// Conclusions about a measure, by their name in the case file.
pub const CONCLUSIONS: &[&str] = &["viderefore", "endre", "avslutte"];

fn evaluation_checks(
    c: &mut Checker,
    plan: &Tiltaksplan,
    ev: &Evaluering,
    person_ref: &dyn Fn(&mut Checker, &Text, &str),
) {
    let p = "evaluering";
    let plan_date = plan.dato.as_ref().and_then(|d| parse_date(d));
    if let Some(d) = &ev.dato
        && let (Some(e), Some(pd)) = (c.date(d, &format!("{p}.dato")), plan_date)
        && e <= pd
    {
        c.error(
            d,
            &format!("{p}.dato"),
            "the evaluation is not after the plan date",
            "evaluering.dato must be after tiltaksplan.dato",
        );
    }
    for (i, t) in ev.deltakere.iter().enumerate() {
        person_ref(c, t, &format!("{p}.deltakere[{i}]"));
    }
    c.opt_text(ev.tolk.as_ref(), &format!("{p}.tolk"));
    let goal_ids: Vec<&str> = plan.maal.iter().map(|g| g.id.as_str()).collect();
    for (i, g) in ev.maal.iter().enumerate() {
        let field = format!("{p}.maal[{i}]");
        if !goal_ids.contains(&g.maal.as_str()) {
            c.error(
                &g.maal,
                &format!("{field}.maal"),
                format!("`{}` is not a goal of the plan", g.maal.value),
                &format!("goal ids: {}", goal_ids.join(", ")),
            );
        }
        if !GOAL_STATUSES.contains(&g.status.as_str()) {
            c.error(
                &g.status,
                &format!("{field}.status"),
                format!("unknown status `{}`", g.status.value),
                "allowed values: oppnadd, delvis_oppnadd, ikke_oppnadd (nynorsk: ikkje_oppnadd)",
            );
        }
        c.opt_text(g.kommentar.as_ref(), &format!("{field}.kommentar"));
    }
    c.text(&ev.fungerer, &format!("{p}.fungerer"));
    c.opt_text(ev.fungerer_mindre.as_ref(), &format!("{p}.fungerer_mindre"));
    c.text(&ev.ungdommens_syn, &format!("{p}.ungdommens_syn"));
    for (i, m) in ev.tiltak.iter().enumerate() {
        let field = format!("{p}.tiltak[{i}]");
        if m.tiltak == 0 || m.tiltak as usize > plan.tiltak.len() {
            c.error(
                &m.konklusjon,
                &format!("{field}.tiltak"),
                format!("the plan has no measure number {}", m.tiltak),
                &format!(
                    "measures are numbered 1 to {} in the order of tiltaksplan.tiltak",
                    plan.tiltak.len()
                ),
            );
        }
        if !CONCLUSIONS.contains(&m.konklusjon.as_str()) {
            c.error(
                &m.konklusjon,
                &format!("{field}.konklusjon"),
                format!("unknown conclusion `{}`", m.konklusjon.value),
                "allowed values: viderefore, endre, avslutte",
            );
        }
        c.opt_text(m.kommentar.as_ref(), &format!("{field}.kommentar"));
    }
    for (i, g) in ev.nye_maal.iter().enumerate() {
        c.text(&g.tekst, &format!("{p}.nye_maal[{i}].tekst"));
        c.date(&g.frist, &format!("{p}.nye_maal[{i}].frist"));
    }
    if let Some(n) = &ev.neste_evaluering {
        let next = c.date(n, &format!("{p}.neste_evaluering"));
        let this = ev.dato.as_ref().and_then(|d| parse_date(d));
        if let (Some(n2), Some(t)) = (next, this)
            && n2 <= t
        {
            c.error(
                n,
                &format!("{p}.neste_evaluering"),
                "the next evaluation is not after this one",
                "evaluering.neste_evaluering must be after evaluering.dato",
            );
        }
    }
}

/// Checklist statuses of the move-out plan.
pub const ITEM_STATUSES: &[&str] = &["apen", "ferdig", "ikke_aktuelt"];

/// Skill statuses of the move-out plan.
pub const SKILL_STATUSES: &[&str] = &["mestrer", "ovar", "skal_lare"];

fn responsible(
    c: &mut Checker,
    a: Option<&Text>,
    t: Option<&Text>,
    anchor: &Text,
    field: &str,
    person_ref: &dyn Fn(&mut Checker, &Text, &str),
) {
    match (a, t) {
        (Some(a), None) => person_ref(c, a, &format!("{field}.ansvarlig")),
        (None, Some(t)) => c.text(t, &format!("{field}.ansvarlig_tekst")),
        (Some(a), Some(_)) => c.error(
            a,
            &format!("{field}.ansvarlig"),
            "both `ansvarlig` and `ansvarlig_tekst` are given",
            "use `ansvarlig` for a person in the case, `ansvarlig_tekst` for anyone else",
        ),
        (None, None) => c.error(
            anchor,
            field,
            "no one is responsible",
            "add `ansvarlig: <staff id, ungdom or verge>` or `ansvarlig_tekst: <service>`",
        ),
    }
}

fn move_checks(
    c: &mut Checker,
    u: &super::model::Utflyttingsplan,
    settled: Option<&Text>,
    person_ref: &dyn Fn(&mut Checker, &Text, &str),
) {
    let p = "utflyttingsplan";
    if let Some(d) = &u.dato {
        c.date(d, &format!("{p}.dato"));
    }
    c.text(&u.naavaerende_bolig, &format!("{p}.naavaerende_bolig"));
    let moving = c.date(&u.flytting.dato, &format!("{p}.flytting.dato"));
    if let (Some(m), Some(s)) = (moving, settled.and_then(|s| parse_date(s)))
        && m < s
    {
        c.error(
            &u.flytting.dato,
            &format!("{p}.flytting.dato"),
            "the move-out date is before the settlement date",
            "utflyttingsplan.flytting.dato must be after bosetting.dato",
        );
    }
    c.text(&u.flytting.boligtype, &format!("{p}.flytting.boligtype"));
    if let Some(a) = &u.flytting.adresse {
        c.address(a, &format!("{p}.flytting.adresse"));
    }
    c.opt_text(
        u.flytting.husleie.as_ref(),
        &format!("{p}.flytting.husleie"),
    );
    c.opt_text(
        u.flytting.depositum.as_ref(),
        &format!("{p}.flytting.depositum"),
    );
    for (i, m) in u.ettervernstiltak.iter().enumerate() {
        let field = format!("{p}.ettervernstiltak[{i}]");
        c.text(&m.tiltak, &format!("{field}.tiltak"));
        c.opt_text(m.omfang.as_ref(), &format!("{field}.omfang"));
        responsible(
            c,
            m.ansvarlig.as_ref(),
            m.ansvarlig_tekst.as_ref(),
            &m.tiltak,
            &field,
            person_ref,
        );
    }
    for (i, item) in u.sjekkliste.iter().enumerate() {
        let field = format!("{p}.sjekkliste[{i}]");
        c.text(&item.punkt, &format!("{field}.punkt"));
        if item.ansvarlig.is_some() || item.ansvarlig_tekst.is_some() {
            responsible(
                c,
                item.ansvarlig.as_ref(),
                item.ansvarlig_tekst.as_ref(),
                &item.punkt,
                &field,
                person_ref,
            );
        }
        if !ITEM_STATUSES.contains(&item.status.as_str()) {
            c.error(
                &item.status,
                &format!("{field}.status"),
                format!("unknown status `{}`", item.status.value),
                "allowed values: apen, ferdig, ikke_aktuelt",
            );
        }
    }
    for (i, s) in u.ferdigheter.iter().enumerate() {
        let field = format!("{p}.ferdigheter[{i}]");
        c.text(&s.ferdighet, &format!("{field}.ferdighet"));
        if !SKILL_STATUSES.contains(&s.status.as_str()) {
            c.error(
                &s.status,
                &format!("{field}.status"),
                format!("unknown status `{}`", s.status.value),
                "allowed values: mestrer, ovar, skal_lare",
            );
        }
    }
    for (i, t) in u.nettverk.iter().enumerate() {
        c.text(t, &format!("{p}.nettverk[{i}]"));
    }
    for (i, d) in u.evalueringsdatoer.iter().enumerate() {
        let field = format!("{p}.evalueringsdatoer[{i}]");
        if let (Some(e), Some(m)) = (c.date(d, &field), moving)
            && e <= m
        {
            c.error(
                d,
                &field,
                "the evaluation is not after the move",
                "utflyttingsplan.evalueringsdatoer must be after utflyttingsplan.flytting.dato",
            );
        }
    }
}

/// Chapters of the Askerguiden.
pub const GUIDE_CHAPTERS: usize = 10;

fn guide_checks(c: &mut Checker, g: &super::model::Askerguiden) {
    let p = "askerguiden";
    if let Some(d) = &g.dato {
        c.date(d, &format!("{p}.dato"));
    }
    let handed_out = c.date(&g.utdelt, &format!("{p}.utdelt"));
    let mut seen: Vec<u32> = Vec::new();
    for (i, k) in g.kapitler.iter().enumerate() {
        let field = format!("{p}.kapitler[{i}]");
        // Anchor messages at the first located value of the chapter.
        let anchor = k
            .gjennomgatt
            .as_ref()
            .or(k.signert_dato.as_ref())
            .or(k.gerica.as_ref())
            .or(k.kommentar.as_ref());
        let err = |c: &mut Checker, sub: &str, msg: String, hint: &str| match anchor {
            Some(a) => c.error(a, &format!("{field}{sub}"), msg, hint),
            None => c.error(&g.utdelt, &format!("{field}{sub}"), msg, hint),
        };
        if !(1..=GUIDE_CHAPTERS as u32).contains(&k.nr) {
            err(
                c,
                ".nr",
                format!("there is no chapter {}", k.nr),
                "chapters are numbered 1 to 10",
            );
        } else if seen.contains(&k.nr) {
            err(
                c,
                ".nr",
                format!("chapter {} is listed twice", k.nr),
                "list each chapter once",
            );
        }
        seen.push(k.nr);
        let reviewed = k
            .gjennomgatt
            .as_ref()
            .and_then(|d| c.date(d, &format!("{field}.gjennomgatt")));
        let signed = k
            .signert_dato
            .as_ref()
            .and_then(|d| c.date(d, &format!("{field}.signert_dato")));
        let gerica = k
            .gerica
            .as_ref()
            .and_then(|d| c.date(d, &format!("{field}.gerica")));
        if (k.signert_ungdom || k.signert_saerkontakt) && k.signert_dato.is_none() {
            err(
                c,
                ".signert_dato",
                format!(
                    "chapter {} is marked signed without the date it was signed",
                    k.nr
                ),
                "add `signert_dato:` from the paper protocol; the program never makes up a signature",
            );
        }
        if let (Some(s), Some(r)) = (signed, reviewed)
            && s < r
        {
            err(
                c,
                ".signert_dato",
                format!("chapter {} is signed before it was gone through", k.nr),
                &format!("{field}.signert_dato must be on or after {field}.gjennomgatt"),
            );
        }
        if let (Some(gd), Some(r)) = (gerica, reviewed)
            && gd < r
        {
            err(
                c,
                ".gerica",
                format!(
                    "chapter {} is documented in the journal before it was gone through",
                    k.nr
                ),
                &format!("{field}.gerica must be on or after {field}.gjennomgatt"),
            );
        }
        if let (Some(r), Some(h)) = (reviewed, handed_out)
            && r < h
        {
            err(
                c,
                ".gjennomgatt",
                format!(
                    "chapter {} is gone through before the booklet was handed out",
                    k.nr
                ),
                "check askerguiden.utdelt and the chapter's date",
            );
        }
        c.opt_text(k.kommentar.as_ref(), &format!("{field}.kommentar"));
    }
}

/// Documents a følgebrev can carry in the same PDF.
pub const ENCLOSABLE: &[&str] = &["tiltaksplan", "evaluering"];

/// Values of `adressebeskyttelse`.
pub const ADDRESS_PROTECTION: &[&str] = &["ingen", "fortrolig", "strengt_fortrolig"];

/// Whether a person's address must not be printed.
pub fn is_protected(t: Option<&Text>) -> bool {
    t.is_some_and(|t| t.as_str() != "ingen")
}

fn letter_checks(
    c: &mut Checker,
    fb: &Folgebrev,
    has_verge: bool,
    staff_ref: &dyn Fn(&mut Checker, &Text, &str),
) {
    let p = "folgebrev";
    if let Some(d) = &fb.dato {
        c.date(d, &format!("{p}.dato"));
    }
    c.opt_text(fb.var_ref.as_ref(), &format!("{p}.var_ref"));
    c.text(&fb.emne, &format!("{p}.emne"));
    if let Some(v) = &fb.viser_til {
        if let Some(d) = &v.motedato {
            c.date(d, &format!("{p}.viser_til.motedato"));
        }
        c.opt_text(v.vedtak_ref.as_ref(), &format!("{p}.viser_til.vedtak_ref"));
        match (&v.vedtak_ref, &v.vedtak_dato) {
            (_, Some(d)) => {
                c.date(d, &format!("{p}.viser_til.vedtak_dato"));
            }
            (Some(r), None) => c.error(
                r,
                &format!("{p}.viser_til.vedtak_dato"),
                "a decision is referred to without its date",
                "add `vedtak_dato:`",
            ),
            (None, None) => {}
        }
    }
    if fb.vedlegg.is_empty() {
        c.error(
            &fb.emne,
            &format!("{p}.vedlegg"),
            "a følgebrev sends something: the list of enclosures is empty",
            "list what is enclosed under `vedlegg:`",
        );
    }
    for (i, v) in fb.vedlegg.iter().enumerate() {
        c.text(&v.tittel, &format!("{p}.vedlegg[{i}].tittel"));
        c.date(&v.dato, &format!("{p}.vedlegg[{i}].dato"));
        if let Some(d) = &v.dokument
            && !ENCLOSABLE.contains(&d.as_str())
        {
            c.error(
                d,
                &format!("{p}.vedlegg[{i}].dokument"),
                format!("`{}` cannot be enclosed", d.value),
                "allowed values: tiltaksplan, evaluering",
            );
        }
    }
    if let Some(d) = &fb.neste_evaluering {
        c.date(d, &format!("{p}.neste_evaluering"));
    }
    for (i, t) in fb.avsnitt.iter().enumerate() {
        c.text(t, &format!("{p}.avsnitt[{i}]"));
    }
    for (i, k) in fb.kopi_til.iter().enumerate() {
        let field = format!("{p}.kopi_til[{i}]");
        let anchor = k
            .person
            .as_ref()
            .or(k.navn.as_ref())
            .or(k.grunnlag.as_ref());
        let err = |c: &mut Checker, sub: &str, msg: String, hint: &str| match anchor {
            Some(a) => c.error(a, &format!("{field}{sub}"), msg, hint),
            None => c.error(&fb.emne, &format!("{field}{sub}"), msg, hint),
        };
        match (&k.person, &k.navn) {
            (Some(pers), None) => match pers.as_str() {
                "verge" if has_verge => {}
                "verge" => err(
                    c,
                    ".person",
                    "`verge` is named, but the case has no guardian".into(),
                    "add a `verge:` section or remove the copy",
                ),
                "ungdom" => err(
                    c,
                    ".person",
                    "the youth is the main addressee, not a copy recipient".into(),
                    "remove this entry",
                ),
                other => err(
                    c,
                    ".person",
                    format!("`{other}` is not a party of the case"),
                    "use `person: verge`, or `navn:` and `adresse:` for someone outside the case",
                ),
            },
            (None, Some(n)) => {
                c.text(n, &format!("{field}.navn"));
                match &k.adresse {
                    Some(a) => c.address(a, &format!("{field}.adresse")),
                    None => err(
                        c,
                        ".adresse",
                        "a copy recipient outside the case needs a postal address".into(),
                        "add `adresse:`",
                    ),
                }
            }
            (Some(_), Some(_)) => err(
                c,
                "",
                "give either `person` or `navn`, not both".into(),
                "`person: verge` for the guardian, `navn:` for anyone else",
            ),
            (None, None) => err(
                c,
                "",
                "the copy recipient has neither `person` nor `navn`".into(),
                "add `person: verge` or `navn:` with `adresse:`",
            ),
        }
        let outside = k.navn.is_some();
        match k.grunnlag.as_ref().map(|g| g.as_str()) {
            None if outside => err(
                c,
                ".grunnlag",
                "a copy to someone outside the parties needs a recorded basis".into(),
                "add `grunnlag: samtykke` with `samtykke_ref:`, or `grunnlag: lov` with `hjemmel:` (confidentiality, bvl. § 13-1)",
            ),
            None | Some("part") if !outside => {}
            None => {}
            Some("part") => err(
                c,
                ".grunnlag",
                "someone outside the case is not a party".into(),
                "use `grunnlag: samtykke` with `samtykke_ref:` or `grunnlag: lov` with `hjemmel:`",
            ),
            Some("samtykke") if k.samtykke_ref.is_none() => err(
                c,
                ".samtykke_ref",
                "consent is given as the basis without a reference".into(),
                "add `samtykke_ref:` naming where the consent is journalled",
            ),
            Some("lov") if k.hjemmel.is_none() => err(
                c,
                ".hjemmel",
                "a legal basis is given without the provision".into(),
                "add `hjemmel:` (e.g. the section of the act)",
            ),
            Some("samtykke" | "lov") => {}
            Some(other) => err(
                c,
                ".grunnlag",
                format!("unknown basis `{other}`"),
                "allowed values: part, samtykke, lov",
            ),
        }
        c.opt_text(k.samtykke_ref.as_ref(), &format!("{field}.samtykke_ref"));
        c.opt_text(k.hjemmel.as_ref(), &format!("{field}.hjemmel"));
    }
    if let Some(s) = &fb.signatur {
        staff_ref(c, s, &format!("{p}.signatur"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_controls_must_be_balanced() {
        for ok in [
            "Asker stasjon",
            "a\u{202E}bc\u{202C}d",
            "\u{2067}\u{202B}x\u{2069}",
            "\u{200F}\u{200E}",
        ] {
            assert_eq!(unbalanced_direction(ok), None, "{ok:?}");
        }
        for (bad, c) in [
            ("Asker\u{202E} stasjon", '\u{202E}'),
            ("x\u{202C}", '\u{202C}'),
            ("\u{2069}", '\u{2069}'),
            ("\u{2068}abc", '\u{2068}'),
            ("\u{202A}\u{2069}", '\u{2069}'),
        ] {
            assert_eq!(unbalanced_direction(bad), Some(c), "{bad:?}");
        }
    }
}
