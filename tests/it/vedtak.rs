//! The aftercare decision and the consent forms: what is decided and why,
//! the appeal information from the profile's versioned texts (the rule,
//! not a date, unless the profile asks for one), the guardian's copy, the
//! consent it rests on, the declined offer followed up within a year, and
//! the data that is refused, with its place.

use saksdok::{DocumentKind, OutputFormat, Request};

use crate::common::{pdf_text, read, refused, saksdok, squash};

const YONAS: &str = "samples/saker/asker-yonas.yaml";
const DAWIT: &str = "samples/saker/alver-dawit.yaml";
const ASKER: &str = "samples/kommuner/asker.yaml";
const ALVER: &str = "samples/kommuner/alver.yaml";

/// Every document of `kind` for the case and profile (as YAML), dated
/// `date` when given: (file name, text).
fn documents(
    case_yaml: &str,
    profile_yaml: &str,
    kind: DocumentKind,
    date: Option<&str>,
) -> Vec<(String, String)> {
    let c = saksdok::case::parse_case(case_yaml.as_bytes(), "sak.yaml")
        .unwrap_or_else(|e| panic!("{e}"));
    let m = saksdok::case::parse_profile(profile_yaml.as_bytes(), "kommune.yaml")
        .unwrap_or_else(|e| panic!("{e}"));
    let req = Request {
        date: date.map(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()),
        ..Request::new(kind)
    };
    let out = crate::common::engine()
        .render_request(&c, &m, &req, OutputFormat::Pdf)
        .unwrap_or_else(|e| panic!("{e}"));
    out.files
        .iter()
        .map(|f| (f.name.clone(), pdf_text(&f.bytes)))
        .collect()
}

fn letter(case_yaml: &str, profile_yaml: &str) -> String {
    documents(
        case_yaml,
        profile_yaml,
        DocumentKind::Ettervernsvedtak,
        None,
    )
    .remove(0)
    .1
}

fn has(text: &str, needle: &str) -> bool {
    squash(text).contains(&squash(needle))
}

fn assert_has(text: &str, needles: &[&str]) {
    for n in needles {
        assert!(has(text, n), "{n:?} missing:\n{text}");
    }
}

/// The text from the appeal heading to the heading after it, with its
/// whitespace made single spaces.
fn appeal_part(text: &str) -> String {
    let s = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let from = s.find("Du kan klage").expect("no appeal part");
    let to = s[from..].find("Rett til innsyn").expect("no access part") + from;
    s[from..to].to_owned()
}

/// Whether `s` holds a date written out («5. desember 2026», «05.12.2026»).
fn holds_a_date(s: &str) -> bool {
    let months = [
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ];
    let words: Vec<&str> = s.split_whitespace().collect();
    words.windows(2).any(|w| {
        w[0].trim_end_matches('.').parse::<u32>().is_ok()
            && w[0].ends_with('.')
            && months.contains(&w[1])
    }) || words.iter().any(|w| {
        let parts: Vec<&str> = w.trim_end_matches(['.', ',']).split('.').collect();
        parts.len() == 3 && parts.iter().all(|p| p.parse::<u32>().is_ok())
    })
}

#[test]
fn the_decision_says_what_is_decided_why_and_how_to_appeal_in_both_malformer() {
    let nb = letter(&read(YONAS), &read(ASKER));
    assert_has(
        &nb,
        &[
            "Vedtak om ettervern",
            "Yonas Tesfamariam",
            "Vår ref. 2025/1432-41",
            "Tiltakene nedenfor videreføres som ettervern:",
            "Bolig med oppfølging fra særkontakt",
            "15. juni 2027",
            "14. juni 2028",
            "Vedtaket er gjort med hjemmel i barnevernsloven § 3-6. Det er et enkeltvedtak.",
            // The day before the 25th birthday.
            "til og med dagen før du fyller 25 år (14. juni 2034)",
            "Bakgrunnen for vedtaket",
            "Din mening",
            "Du ga skriftlig samtykke til tiltakene 27. november 2026.",
            "Vår vurdering",
            "Du kan klage på vedtaket fordi du er part i saken (forvaltningsloven § 28).",
            "Klagefristen er tre uker fra den dagen du fikk dette brevet (forvaltningsloven § 29).",
            "Send klagen til Asker kommune, Barnevernstjenesten, Postboks 353, 1372 Asker.",
            "Klageinstansen er Statsforvalteren i Østfold, Buskerud, Oslo og Akershus.",
            "Du har rett til å se dokumentene i saken din (forvaltningsloven §§ 18 og 19).",
            "Ta kontakt med Henrik Fjell (telefon 900 00 001) hvis du har spørsmål om vedtaket.",
            // Signed by the leader who decided.
            "Med hilsen Tone Brekke avdelingsleder",
            "Kopi til Ingrid Haugland (verge)",
        ],
    );
    // Yonas's plan is not an aftercare plan: one is still to be made.
    assert!(has(
        &nb,
        "Vi lager en tiltaksplan («min plan») sammen med deg"
    ));
    let nn = letter(&read(DAWIT), &read(ALVER));
    assert_has(
        &nn,
        &[
            "Tiltaka du har i dag, blir erstatta av desse tiltaka som ettervern:",
            "Vedtaket er gjort med heimel i barnevernslova § 3-6. Det er eit enkeltvedtak.",
            "Meininga di",
            "Du gav skriftleg samtykke til tiltaka 30. oktober 2026.",
            "Vurderinga vår",
            "Klagefristen er tre veker frå den dagen du fekk dette brevet (forvaltningslova § 29).",
            "Klageinstansen er Statsforvaltaren i Vestland.",
            "Med helsing Trude Sæle avdelingsleiar",
        ],
    );
    // No guardian in Dawit's case: no copy.
    assert!(!has(&nn, "Kopi til"), "{nn}");
}

#[test]
fn the_guardian_gets_the_same_decision_marked_as_a_copy() {
    let docs = documents(
        &read(YONAS),
        &read(ASKER),
        DocumentKind::Ettervernsvedtak,
        None,
    );
    let names: Vec<&str> = docs.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "2025-1432-ettervernsvedtak-ungdom.pdf",
            "2025-1432-ettervernsvedtak-verge.pdf"
        ]
    );
    let copy = &docs[1].1;
    assert_has(
        copy,
        &[
            "KOPI TIL ORIENTERING",
            "Ingrid Haugland Fiktivveien 40 1384 ASKER",
            "Kopi til Yonas Tesfamariam (ungdom)",
            "Du kan klage på vedtaket",
        ],
    );
    assert!(!has(&docs[0].1, "KOPI TIL ORIENTERING"));
}

#[test]
fn the_appeal_text_states_the_rule_and_a_date_only_when_the_profile_asks() {
    let rule = appeal_part(&letter(&read(YONAS), &read(ASKER)));
    assert!(
        has(&rule, "tre uker fra den dagen du fikk dette brevet"),
        "{rule}"
    );
    assert!(!holds_a_date(&rule), "a date in the appeal text: {rule}");

    // Five days of post from Monday 30 November: received 5 December; three
    // weeks later is Saturday 26 December, a holiday, so the deadline runs
    // to Monday 28 December.
    let profile = read(ASKER).replace(
        "    klageinstans:\n",
        "    klagefrist_dato: { postgang_dager: 5 }\n    klageinstans:\n",
    );
    let dated = appeal_part(&letter(&read(YONAS), &profile));
    assert!(holds_a_date(&dated), "{dated}");
    assert!(
        has(
            &dated,
            "Hvis du fikk brevet 5. desember 2026, er siste dag for å klage 28. desember 2026."
        ),
        "{dated}"
    );
    // The rule is still there.
    assert!(has(&dated, "tre uker fra den dagen du fikk dette brevet"));
}

#[test]
fn the_texts_in_force_on_the_decision_date_are_used() {
    // A new version from 1 December 2026 (a renumbered act, say).
    let newer = read(ASKER).replace(
        "vedtakstekster:\n",
        "vedtakstekster:\n  - gjelder_fra: 2026-12-01\n    hjemmel_ettervern: { nb: ny barnevernslov § 9, nn: ny barnevernslov § 9 }\n    klagerett: { nb: Ny klagerett., nn: Ny klagerett. }\n    klagefrist: { nb: Ny klagefrist., nn: Ny klagefrist. }\n    klage_fremgangsmaate: { nb: Ny framgangsmåte., nn: Ny framgangsmåte. }\n    klageinstans: { nb: Ny klageinstans, nn: Ny klageinstans }\n    innsyn: { nb: Nytt innsyn., nn: Nytt innsyn. }\n",
    );
    // The decision of 30 November keeps the texts of its day.
    let old = letter(&read(YONAS), &newer);
    assert!(has(&old, "med hjemmel i barnevernsloven § 3-6"), "{old}");
    assert!(!has(&old, "Ny klagerett"));
    // Dated 2 December, it takes the new ones.
    let new = documents(
        &read(YONAS),
        &newer,
        DocumentKind::Ettervernsvedtak,
        Some("2026-12-02"),
    )
    .remove(0)
    .1;
    assert_has(
        &new,
        &[
            "med hjemmel i ny barnevernslov § 9",
            "Ny klagerett.",
            "Klageinstansen er Ny klageinstans.",
        ],
    );

    // No version holds on the decision's date: refused, naming the field.
    let later_only =
        read(ASKER).replace("  - gjelder_fra: 2023-01-01", "  - gjelder_fra: 2027-01-01");
    let err = refused(&read(YONAS), &later_only, "ettervernsvedtak", &[]);
    assert!(
        err.contains("kommune.yaml")
            && err.contains("vedtakstekster")
            && err.contains("30. november 2026"),
        "{err}"
    );
    // Two versions from the same day.
    let twice = newer.replace("  - gjelder_fra: 2026-12-01", "  - gjelder_fra: 2023-01-01");
    let err = refused(&read(YONAS), &twice, "ettervernsvedtak", &[]);
    assert!(
        err.contains("vedtakstekster[1].gjelder_fra") && err.contains("same day"),
        "{err}"
    );
}

#[test]
fn a_profile_without_decision_texts_is_refused_for_the_decision() {
    let profile = read(ASKER);
    let from = profile.find("\n# The legal text blocks").unwrap();
    let to = profile.find("\n# The services referrals").unwrap();
    let without = format!("{}{}", &profile[..from], &profile[to..]);
    let err = refused(&read(YONAS), &without, "ettervernsvedtak", &[]);
    assert!(
        err.contains("kommune.yaml")
            && err.contains("vedtakstekster")
            && err.contains("no decision texts"),
        "{err}"
    );
}

/// Yonas's case with `from` replaced by `to` (the text must be there).
fn yonas_with(from: &str, to: &str) -> String {
    let yaml = read(YONAS);
    assert!(yaml.contains(from), "{from:?} is not in the sample");
    yaml.replace(from, to)
}

#[test]
fn bad_decision_data_is_refused_at_its_field_and_line() {
    for (case, field, what) in [
        // After the day before the 25th birthday (14 June 2034).
        (
            yonas_with(
                "fra: 2027-06-15, til: 2028-06-14 }",
                "fra: 2027-06-15, til: 2034-06-15 }",
            ),
            "ettervernsvedtak.tiltak[0].til",
            "until the day before the 25th birthday",
        ),
        (
            yonas_with(
                "fra: 2027-06-15, til: 2028-06-14 }",
                "fra: 2027-06-15, til: 2027-06-01 }",
            ),
            "ettervernsvedtak.tiltak[0].til",
            "ends before it starts",
        ),
        (
            yonas_with(
                "omfang: 2 besøk i uken de første 3 månedene, fra: 2027-06-15,",
                "omfang: 2 besøk i uken de første 3 månedene,",
            ),
            "ettervernsvedtak.tiltak[0].fra",
            "needs its first day",
        ),
        (
            yonas_with("  samtykke: ettervern\n", ""),
            "ettervernsvedtak.samtykke",
            "need the youth's consent",
        ),
        (
            yonas_with("  samtykke: ettervern\n", "  samtykke: etterven\n"),
            "ettervernsvedtak.samtykke",
            "no consent form",
        ),
        (
            yonas_with("  samtykke: ettervern\n", "  samtykke: nav\n"),
            "ettervernsvedtak.samtykke",
            "not to aftercare",
        ),
        (
            yonas_with("      signert: 2026-11-27\n", ""),
            "ettervernsvedtak.samtykke",
            "not signed",
        ),
        (
            yonas_with("      signert: 2026-11-27\n", "      signert: 2026-12-01\n"),
            "ettervernsvedtak.samtykke",
            "signed after the decision",
        ),
        (
            yonas_with("  beslutning: videreforing\n", "  beslutning: fortsette\n"),
            "ettervernsvedtak.beslutning",
            "unknown decision",
        ),
        (
            yonas_with("  vedtatt_av: tb\n", "  vedtatt_av: tx\n"),
            "ettervernsvedtak.vedtatt_av",
            "not a member of staff",
        ),
        (
            yonas_with(
                "  ungdommens_syn: >-\n    Du sier",
                "  ungdommens_syn: \"\"\n  x_syn: >-\n    Du sier",
            ),
            "x_syn",
            "unknown field",
        ),
    ] {
        let err = refused(&case, &read(ASKER), "ettervernsvedtak", &[]);
        assert!(
            err.contains(field) && err.contains(what) && err.contains("sak.yaml:"),
            "{field}: {err}"
        );
    }
}

#[test]
fn bad_consent_forms_are_refused_at_their_field_and_line() {
    for (case, field, what) in [
        (
            yonas_with("    - id: nav\n", "    - id: NAV Asker\n"),
            "samtykker.skjema[1].id",
            "lowercase letters",
        ),
        (
            yonas_with("    - id: nav\n", "    - id: ettervern\n"),
            "samtykker.skjema[1].id",
            "two forms have the id",
        ),
        (
            yonas_with("      formal: >-\n", "      x: >-\n"),
            "samtykker.skjema[1].x",
            "unknown field",
        ),
        (
            yonas_with(
                "      gjelder: ettervern\n",
                "      gjelder: ettervern\n      formal: Dele med skolen\n",
            ),
            "samtykker.skjema[0].formal",
            "belongs to a consent to share information",
        ),
        (
            yonas_with(
                "      gyldig_til: 2028-06-14\n",
                "      gyldig_til: 2034-06-15\n",
            ),
            "samtykker.skjema[0].gyldig_til",
            "until the day before the 25th birthday",
        ),
        (
            yonas_with(
                "      gyldig_til: 2027-12-31\n",
                "      gyldig_til: 2026-11-01\n",
            ),
            "samtykker.skjema[1].gyldig_til",
            "ends before the form is dated",
        ),
        (
            yonas_with("      gjelder: informasjon\n", "      gjelder: alt\n"),
            "samtykker.skjema[1].gjelder",
            "unknown consent",
        ),
    ] {
        let err = refused(&case, &read(ASKER), "samtykke", &[]);
        assert!(
            err.contains(field) && err.contains(what) && err.contains("sak.yaml:"),
            "{field}: {err}"
        );
    }
    // A consent to share without its purpose.
    let cut = yonas_with(
        "      formal: >-\n        Barnevernstjenesten og NAV skal samarbeide om bolig og økonomi når\n        jeg flytter ut av bofellesskapet.\n",
        "",
    );
    let err = refused(&cut, &read(ASKER), "samtykke", &[]);
    assert!(
        err.contains("samtykker.skjema[1].formal") && err.contains("why it is shared"),
        "{err}"
    );
}

#[test]
fn consent_forms_name_their_scope_period_and_how_to_withdraw() {
    let docs = documents(&read(YONAS), &read(ASKER), DocumentKind::Samtykke, None);
    let names: Vec<&str> = docs.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "2025-1432-samtykke-ettervern.pdf",
            "2025-1432-samtykke-nav.pdf",
            "2025-1432-samtykke-ppt.pdf"
        ]
    );
    assert_has(
        &docs[0].1,
        &[
            "Samtykke til ettervern",
            "Jeg samtykker til at barnevernstjenesten i Asker kommune gir meg disse tiltakene som ettervern",
            "Bolig med oppfølging fra særkontakt",
            "Samtykket gjelder til og med 14. juni 2028.",
            "Jeg kan trekke samtykket tilbake når som helst, muntlig eller skriftlig, ved å si fra til Henrik Fjell (telefon 900 00 001).",
            "Underskrift: Yonas Tesfamariam, ungdom",
            // Yonas is 17 on the form's date: his guardian signs too.
            "Underskrift: Ingrid Haugland, verge",
        ],
    );
    assert_has(
        &docs[1].1,
        &[
            "Samtykke til å dele opplysninger",
            "Planen for flytting og ettervern",
            "Opplysningene kan deles med:",
            "NAV Asker, veileder for ungdom",
            "Hvorfor opplysningene deles",
            "Samtykket gjelder til og med 31. desember 2027, og bare for opplysningene og mottakerne som står over.",
            "Opplysninger som er delt før jeg trekker samtykket, kan ikke hentes tilbake.",
        ],
    );
    let nn = documents(&read(DAWIT), &read(ALVER), DocumentKind::Samtykke, None);
    assert_eq!(nn.len(), 1);
    assert_has(
        &nn[0].1,
        &[
            "Samtykke til ettervern",
            "Eg samtykkjer til at barnevernstenesta i Alver kommune gir meg desse tiltaka som ettervern",
            "Samtykket gjeld til og med 30. november 2027.",
            "Eg kan trekkje samtykket tilbake når som helst, munnleg eller skriftleg",
            "Underskrift: Dawit Haile, ungdom",
        ],
    );
    // Dawit is an adult: he alone signs.
    assert!(!has(&nn[0].1, "verje"), "{}", nn[0].1);
}

/// `frister --csv` of one case file from `from`.
fn deadlines(case_yaml: &str, from: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("saker")).unwrap();
    std::fs::create_dir_all(dir.path().join("kommuner")).unwrap();
    std::fs::write(dir.path().join("kommuner/asker.yaml"), read(ASKER)).unwrap();
    let file = dir.path().join("saker/sak.yaml");
    std::fs::write(&file, case_yaml).unwrap();
    let o = saksdok(&["frister", file.to_str().unwrap(), "--fra", from, "--csv"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn a_declined_offer_is_recorded_and_renewed_within_a_year() {
    // Yonas says no on Friday 10 December 2027 (after his 18th birthday);
    // the measures end by a decision, and he is asked again by Friday
    // 8 December 2028 (10 December 2028 is a Sunday).
    let declined = yonas_with("  beslutning: videreforing\n", "  beslutning: opphor\n")
        .replace("  samtykke: ettervern\n", "")
        .replace(
            "  dato: 2026-11-30\n  var_ref",
            "  dato: 2027-12-13\n  var_ref",
        )
        + "\nettervern_avslatt:\n  dato: 2027-12-10\n  journalpost: 2025/1432-52\n";
    let out = deadlines(&declined, "2027-12-01");
    assert!(
        out.contains("2028-12-08,2025/1432,Yonas Tesfamariam,ettervern_nytt_tilbud,Nytt tilbud om ettervern (tilbudet ble avslått)"),
        "{out}"
    );
    let text = letter(&declined, &read(ASKER));
    assert_has(
        &text,
        &[
            "Tiltakene nedenfor avsluttes:",
            "Du takket nei til tilbudet om ettervern 10. desember 2027.",
            "Hvis du vil ha hjelp likevel",
            "Du kan be om tiltak på nytt fram til du fyller 25 år.",
            "Vi tar kontakt med deg igjen innen 8. desember 2028",
        ],
    );
    // A measure that ends needs no consent, and no plan is promised.
    assert!(!has(&text, "Tiltaksplan"), "{text}");

    // He changes his mind: a later decision gives measures after all, and
    // the renewed offer is no longer listed.
    let accepted = read(YONAS).replace(
        "  dato: 2026-11-30\n  var_ref",
        "  dato: 2027-12-20\n  var_ref",
    ) + "\nettervern_avslatt:\n  dato: 2027-12-10\n";
    let out = deadlines(&accepted, "2027-12-01");
    assert!(!out.contains("ettervern_nytt_tilbud"), "{out}");
}
