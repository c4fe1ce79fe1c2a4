//! The measures routine's documents (seed 002) beyond the plan: the
//! transition meeting's invitation and minutes.

use saksdok::{DocumentKind, OutputFormat, Request};

use crate::common::{pdf_text, read, refused, squash};

const YONAS: &str = "samples/saker/asker-yonas.yaml";
const AMINA: &str = "samples/saker/alver-amina.yaml";
const ASKER: &str = "samples/kommuner/asker.yaml";
const ALVER: &str = "samples/kommuner/alver.yaml";

/// Every document of `kind`: (file name, text).
fn documents(case_yaml: &str, profile_yaml: &str, kind: DocumentKind) -> Vec<(String, String)> {
    let c = saksdok::case::parse_case(case_yaml.as_bytes(), "sak.yaml")
        .unwrap_or_else(|e| panic!("{e}"));
    let m = saksdok::case::parse_profile(profile_yaml.as_bytes(), "kommune.yaml")
        .unwrap_or_else(|e| panic!("{e}"));
    let out = crate::common::engine()
        .render_request(&c, &m, &Request::new(kind), OutputFormat::Pdf)
        .unwrap_or_else(|e| panic!("{e}"));
    out.files
        .iter()
        .map(|f| (f.name.clone(), pdf_text(&f.bytes)))
        .collect()
}

fn assert_has(text: &str, needles: &[&str]) {
    for n in needles {
        assert!(squash(text).contains(&squash(n)), "{n:?} missing:\n{text}");
    }
}

#[test]
fn the_invitation_goes_to_the_youth_and_the_guardian_each_in_their_own_words() {
    let docs = documents(
        &read(YONAS),
        &read(ASKER),
        DocumentKind::OvergangsmoteInnkalling,
    );
    let names: Vec<&str> = docs.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "2025-1432-overgangsmote-innkalling-ungdom.pdf",
            "2025-1432-overgangsmote-innkalling-verge.pdf"
        ]
    );
    let (youth, guardian) = (&docs[0].1, &docs[1].1);
    for text in [youth, guardian] {
        assert_has(
            text,
            &[
                "Innkalling til overgangsmøte",
                "Saksbehandler Anne Kvam",
                "Tid: mandag 16. november 2026 kl. 10.00–11.30",
                "Sted: Barnevernstjenesten, møterom 2, Fiktivveien 1, Asker",
                "Invitert: Yonas Tesfamariam, Ingrid Haugland, Anne Kvam, Henrik Fjell, Sigrid Mjøs",
                "Dette skal vi snakke om",
                "1. Vi presenterer den nye saksbehandleren og hvem som har ansvar for hva videre.",
                "3. Vi forteller hvordan prosessen videre blir: hva som skal endre seg, hvilke tiltak som kan være aktuelle, og hvordan vi holder kontakten.",
                // Signed by the intake caseworker, who invites.
                "Med hilsen Anne Kvam saksbehandler mottak og undersøkelse",
            ],
        );
        // Each is an invitation of its own, not a copy.
        assert!(!squash(text).contains("Kopitil"), "{text}");
    }
    assert_has(
        youth,
        &[
            "Saken din skal nå følges opp av en ny saksbehandler, Henrik Fjell, som skal arbeide med tiltak sammen med deg.",
            "2. Vi går gjennom undersøkelsesrapporten sammen med deg.",
            "Du kan gjerne ta med deg noen du stoler på.",
        ],
    );
    assert_has(
        guardian,
        &[
            "Ingrid Haugland Fiktivveien 40",
            "Vi inviterer deg som verge for Yonas Tesfamariam til et overgangsmøte.",
            "2. Vi går gjennom undersøkelsesrapporten sammen med Yonas.",
        ],
    );
    assert!(!squash(guardian).contains("Saken din"), "{guardian}");

    let nn = documents(
        &read(AMINA),
        &read(ALVER),
        DocumentKind::OvergangsmoteInnkalling,
    );
    assert_eq!(nn[1].0, "2026-0211-overgangsmote-innkalling-verje.pdf");
    assert_has(
        &nn[0].1,
        &[
            "Saka di skal no følgjast opp av ein ny sakshandsamar, Ola Lie",
            "Stad: Barnevernstenesta, møterom Holsnøy",
            "Inviterte: Amina Rahimi, Per Olav Strand, Marit Hauge, Ola Lie, Tolk (dari)",
            "2. Vi går gjennom undersøkingsrapporten saman med deg.",
            // Amina needs an interpreter (her language says so).
            "Vi bestiller tolk til møtet.",
        ],
    );
    assert_has(&nn[1].1, &["Vi inviterer deg som verje for Amina Rahimi"]);
}

#[test]
fn the_minutes_say_what_was_said_per_point_and_what_was_agreed() {
    let nb = documents(
        &read(YONAS),
        &read(ASKER),
        DocumentKind::OvergangsmoteReferat,
    )
    .remove(0);
    assert_eq!(nb.0, "2025-1432-overgangsmote-referat.pdf");
    assert_has(
        &nb.1,
        &[
            "Referat fra overgangsmøte",
            "Møteleder Anne Kvam, saksbehandler mottak og undersøkelse",
            "Referent Henrik Fjell, saksbehandler",
            "Referatet er skrevet 17. november 2026",
            "Sigrid Mjøs (særkontakt) – meldte forfall",
            "a) Ny saksbehandler, roller og ansvar videre",
            "Henrik Fjell er saksbehandler for Yonas fra nå av",
            "b) Gjennomgang av undersøkelsesrapporten",
            "c) Prosessen videre: endringsmål, tiltaksform og videre kontakt",
            "Dette ble avtalt",
            "Lage tiltaksplan sammen med Yonas Henrik Fjell 23.11.2026",
            // The guardian by name.
            "Gi skolen beskjed om ny saksbehandler Ingrid Haugland 30.11.2026",
        ],
    );
    assert!(!squash(&nb.1).contains("Ingrid Haugland (verge) – meldte"));
    let nn = documents(
        &read(AMINA),
        &read(ALVER),
        DocumentKind::OvergangsmoteReferat,
    )
    .remove(0);
    assert_has(
        &nn.1,
        &[
            "Referat frå overgangsmøte",
            "Møteleiar Marit Hauge",
            "Deltakarar",
            "Tolk (dari)",
            "b) Gjennomgang av undersøkingsrapporten",
            "Dette vart avtalt",
            "Sende skulerapporten til sakshandsamaren Per Olav Strand 01.02.2027",
        ],
    );
}

/// Yonas's case with `from` replaced by `to` (the text must be there).
fn yonas_with(from: &str, to: &str) -> String {
    let yaml = read(YONAS);
    assert!(yaml.contains(from), "{from:?} is not in the sample");
    yaml.replacen(from, to, 1)
}

#[test]
fn bad_meeting_data_is_refused_at_its_field_and_line() {
    for (case, doc, field, what) in [
        (
            yonas_with("  motedato: 2026-11-16\n", "  motedato: 2026-10-30\n"),
            "overgangsmote-innkalling",
            "overgangsmote.motedato",
            "before the invitation",
        ),
        (
            yonas_with("  ny_saksbehandler: hf\n", "  ny_saksbehandler: ak\n"),
            "overgangsmote-innkalling",
            "overgangsmote.ny_saksbehandler",
            "the same person",
        ),
        (
            yonas_with("  innkalt_av: ak\n", "  innkalt_av: ax\n"),
            "overgangsmote-innkalling",
            "overgangsmote.innkalt_av",
            "not a member of staff",
        ),
        (
            yonas_with(
                "  deltakere: [ungdom, verge, ak, hf, sm]\n",
                "  deltakere: [verge, ak, hf, sm]\n",
            ),
            "overgangsmote-innkalling",
            "overgangsmote.deltakere",
            "the youth is not among the participants",
        ),
        (
            yonas_with(
                "    dato: 2026-11-17\n    forfall",
                "    dato: 2026-11-15\n    forfall",
            ),
            "overgangsmote-referat",
            "overgangsmote.referat.dato",
            "before the meeting",
        ),
        (
            yonas_with("    forfall: [sm]\n", "    forfall: [tb]\n"),
            "overgangsmote-referat",
            "overgangsmote.referat.forfall[0]",
            "not invited",
        ),
        (
            yonas_with(
                "ansvarlig: hf, frist: 2026-11-23 }",
                "ansvarlig: hf, frist: 2026-11-01 }",
            ),
            "overgangsmote-referat",
            "overgangsmote.referat.avtalt[0].frist",
            "due before it",
        ),
        (
            yonas_with(
                "Lage tiltaksplan sammen med Yonas, ansvarlig: hf,",
                "Lage tiltaksplan sammen med Yonas,",
            ),
            "overgangsmote-referat",
            "overgangsmote.referat.avtalt[0]",
            "needs someone responsible",
        ),
        (
            yonas_with("      prosess: >-\n", "      prosessen: >-\n"),
            "overgangsmote-referat",
            "prosessen",
            "unknown field",
        ),
    ] {
        let err = refused(&case, &read(ASKER), doc, &[]);
        assert!(
            err.contains(field) && err.contains(what) && err.contains("sak.yaml:"),
            "{field}: {err}"
        );
    }
}

#[test]
fn minutes_asked_for_before_the_meeting_is_held_are_refused() {
    let yaml = read(YONAS);
    let from = yaml.find("  referat:\n    dato: 2026-11-17").unwrap();
    let to = yaml[from..].find("\ntiltaksplan:").unwrap() + from;
    let without = format!("{}{}", &yaml[..from], &yaml[to..]);
    // No line to point at: the section is not there; the file and field are named.
    let run = crate::common::render_in_tmp(&without, &read(ASKER), "overgangsmote-referat", &[]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.files.is_empty());
    assert!(
        run.stderr.contains("sak.yaml")
            && run
                .stderr
                .contains("missing required section `overgangsmote.referat`"),
        "{}",
        run.stderr
    );
    // The invitation can still be made.
    let docs = documents(
        &without,
        &read(ASKER),
        DocumentKind::OvergangsmoteInnkalling,
    );
    assert_eq!(docs.len(), 2);
}

const DAWIT: &str = "samples/saker/alver-dawit.yaml";

#[test]
fn a_referral_goes_to_the_service_with_its_question_background_and_basis() {
    let docs = documents(&read(YONAS), &read(ASKER), DocumentKind::Tilvisning);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].0, "2025-1432-tilvisning-ppt.pdf");
    assert_has(
        &docs[0].1,
        &[
            // The profile's service and its address in the address block.
            "PPT Asker Postboks 353 1372 ASKER",
            "Tilvisning – Yonas Tesfamariam",
            "Vi viser med dette Yonas Tesfamariam, født 15. juni 2009, til dere.",
            "Spørsmålet til dere",
            "Vi ber PPT vurdere om Yonas trenger spesialundervisning",
            "Bakgrunn",
            "Yonas ønsker selv hjelp",
            // The consent form of the case, signed, with its journal reference.
            "Yonas har samtykket til at vi deler opplysningene i dette brevet med dere (samtykket er underskrevet 27. november 2026, vår ref. 2025/1432-42).",
            "Opplysningene er omfattet av taushetsplikt.",
            "Kontaktperson hos oss er Henrik Fjell, saksbehandler, telefon 900 00 001.",
            "Vedlegg 1 Kartlegging fra skolen datert 10.11.2026",
        ],
    );
    let nn = documents(&read(DAWIT), &read(ALVER), DocumentKind::Tilvisning).remove(0);
    assert_eq!(nn.0, "2024-0877-tilvisning-kommunepsykolog.pdf");
    assert_has(
        &nn.1,
        &[
            "Kommunepsykologen i Alver",
            "Tilvising – Dawit Haile",
            "fødd 10. mars 2008, til dykk.",
            "Spørsmålet til dykk",
            // A journalled consent, taken as written.
            "Dawit har samtykt til at vi deler opplysningane i dette brevet med dykk (vår ref. 2024/0877-23).",
            "Opplysningane er omfatta av teieplikt.",
            // The contact person named, not the caseworker.
            "Kontaktperson hos oss er Eirik Instefjord, særkontakt ettervern",
        ],
    );
    // A legal basis instead of consent.
    let law = read(DAWIT).replace(
        "      grunnlag: samtykke\n      samtykke_ref: 2024/0877-23\n",
        "      grunnlag: lov\n      hjemmel: barnevernslova § 13-4\n",
    );
    let text = documents(&law, &read(ALVER), DocumentKind::Tilvisning)
        .remove(0)
        .1;
    assert_has(
        &text,
        &["Opplysningane blir delte med heimel i barnevernslova § 13-4."],
    );
}

#[test]
fn bad_referral_data_is_refused_at_its_field_and_line() {
    for (case, field, what) in [
        (
            yonas_with("    - mottaker: ppt\n", "    - mottaker: pp\n"),
            "tilvisninger.brev[0].mottaker",
            "not a service in the profile",
        ),
        (
            yonas_with("      samtykke_ref: ppt\n", ""),
            "tilvisninger.brev[0].samtykke_ref",
            "without a reference",
        ),
        (
            yonas_with(
                "      grunnlag: samtykke\n      samtykke_ref: ppt\n",
                "      grunnlag: lov\n",
            ),
            "tilvisninger.brev[0].hjemmel",
            "without the provision",
        ),
        (
            yonas_with(
                "      grunnlag: samtykke\n      samtykke_ref: ppt\n",
                "      grunnlag: part\n",
            ),
            "tilvisninger.brev[0].grunnlag",
            "unknown basis",
        ),
        (
            yonas_with(
                "      samtykke_ref: ppt\n",
                "      samtykke_ref: ettervern\n",
            ),
            "tilvisninger.brev[0].samtykke_ref",
            "consent to aftercare",
        ),
        (
            yonas_with(
                "      signert: 2026-11-27\n      journalpost: 2025/1432-42\n",
                "",
            ),
            "tilvisninger.brev[0].samtykke_ref",
            "not signed",
        ),
        (
            yonas_with(
                "      bakgrunn:\n        - >-\n          Yonas er 17",
                "      bakgrunn: []\n      x:\n        - >-\n          Yonas er 17",
            ),
            "tilvisninger.brev[0].x",
            "unknown field",
        ),
    ] {
        let err = refused(&case, &read(ASKER), "tilvisning", &[]);
        assert!(
            err.contains(field) && err.contains(what) && err.contains("sak.yaml:"),
            "{field}: {err}"
        );
    }
    // The same service twice.
    let yaml = read(YONAS);
    let at = yaml.find("    - mottaker: ppt\n").unwrap();
    let end = yaml[at..].find("\nettervernsvedtak:").unwrap() + at;
    let twice = format!("{}{}{}", &yaml[..end], &yaml[at..end], &yaml[end..]);
    let err = refused(&twice, &read(ASKER), "tilvisning", &[]);
    assert!(
        err.contains("tilvisninger.brev[1].mottaker") && err.contains("same service"),
        "{err}"
    );
    // The consent no longer holds on the letter's date.
    let err = refused(
        &read(YONAS),
        &read(ASKER),
        "tilvisning",
        &["--date", "2027-07-01"],
    );
    assert!(
        err.contains("tilvisninger.brev[0].samtykke_ref") && err.contains("30. juni 2027"),
        "{err}"
    );
    // A profile without services.
    let profile = read(ASKER);
    let cut = profile.find("\n# The services referrals").unwrap();
    let err = refused(&read(YONAS), &profile[..cut], "tilvisning", &[]);
    assert!(
        err.contains("lists no services") && err.contains("tjenester"),
        "{err}"
    );
    // A service id that cannot name a file.
    let bad = read(ASKER).replace("  - id: ppt\n", "  - id: PPT Asker\n");
    let err = refused(&read(YONAS), &bad, "tilvisning", &[]);
    assert!(
        err.contains("kommune.yaml:") && err.contains("tjenester[0].id"),
        "{err}"
    );
}

#[test]
fn a_folgebrev_copy_that_names_a_consent_form_needs_a_signed_consent_to_share() {
    let amina = read(AMINA).replace(
        "      samtykke_ref: 2026/0211-7\n",
        "      samtykke_ref: skule\n",
    );
    // Not a form of the case: a journal reference, as before.
    assert!(saksdok::case::parse_case(amina.as_bytes(), "sak.yaml").is_ok());
    let with_form = format!(
        "{amina}\nsamtykker:\n  skjema:\n    - id: skule\n      gjelder: informasjon\n      mottakere: [Fiktiv vidaregåande skule]\n      opplysningar: []\n",
    );
    assert!(saksdok::case::parse_case(with_form.as_bytes(), "sak.yaml").is_err());
    let unsigned = format!(
        "{amina}\nsamtykker:\n  skjema:\n    - id: skule\n      gjelder: informasjon\n      mottakere: [Fiktiv vidaregåande skule]\n      opplysningar: [Mål og tiltak i planen]\n      formal: Skulen skal følgje opp måla.\n      gyldig_til: 2027-12-31\n",
    )
    .replace("opplysningar", "opplysninger");
    let err = refused(&unsigned, &read(ALVER), "folgebrev", &[]);
    assert!(
        err.contains("folgebrev.kopi_til[1].samtykke_ref") && err.contains("not signed"),
        "{err}"
    );
    let signed = unsigned.replace(
        "      gyldig_til: 2027-12-31\n",
        "      gyldig_til: 2027-12-31\n      signert: 2027-01-10\n",
    );
    assert!(saksdok::case::parse_case(signed.as_bytes(), "sak.yaml").is_ok());
}
