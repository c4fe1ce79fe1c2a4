//! The Askerguiden protocol and status sheet.

use saksdok::{DocumentKind, OutputFormat};

use crate::common::{engine, pdf_text, profile, read, refused, squash};

const ASKER: &str = "samples/kommuner/asker.yaml";

fn asker() -> saksdok::Municipality {
    profile(ASKER)
}

/// The Alver-like profile with the Asker chapter titles, for nynorsk.
fn alver_with_titles() -> saksdok::Municipality {
    crate::common::profile_with("samples/kommuner/alver.yaml", |t| {
        t["askerguiden_kapitler"] = crate::common::tree_of(ASKER)["askerguiden_kapitler"].clone();
    })
}

fn render(yaml: &str, m: &saksdok::Municipality, kind: DocumentKind) -> saksdok::Result<String> {
    let c = saksdok::case::parse_case(yaml.as_bytes(), "sak.yaml")?;
    let out = engine().render(&c, m, kind, None, OutputFormat::Pdf)?;
    Ok(pdf_text(&out.files[0].bytes))
}

fn has(text: &str, needle: &str) -> bool {
    squash(text).contains(&squash(needle))
}

#[test]
fn protocol_has_ten_chapters_and_signatures_only_from_data() {
    let yaml = read("samples/saker/asker-yonas.yaml");
    for (m, intro) in [
        (asker(), "skriver dere under på kapitlet sammen"),
        (alver_with_titles(), "skriv de under på kapitlet saman"),
    ] {
        let text = render(&yaml, &m, DocumentKind::Askerguiden).unwrap();
        for needle in [
            "Askerguiden – protokoll",
            "Yonas Tesfamariam",
            "Sigrid Mjøs",
            "3. september 2025",
            intro,
        ] {
            assert!(has(&text, needle), "lacks {needle:?}:\n{text}");
        }
        let titles = m.guide_chapters.clone();
        assert_eq!(titles.len(), 10);
        for t in &titles {
            assert!(has(&text, t), "chapter {t} missing");
        }
        // Four chapters signed on paper by both: eight «signert på papir».
        assert_eq!(
            squash(&text).matches(&squash("signert på papir")).count(),
            8,
            "{text}"
        );
        assert!(
            has(&text, "signert på papir 10.09.2025") && has(&text, "signert på papir 22.01.2026")
        );
        assert!(!has(&text, "04.03.2026signert"), "chapter 5 is not signed");
    }
}

#[test]
fn status_sheet_counts_done_remaining_and_documented() {
    let yaml = read("samples/saker/asker-yonas.yaml");
    let text = render(&yaml, &asker(), DocumentKind::AskerguidenStatus).unwrap();
    for needle in [
        "Askerguiden – status",
        "Av 10 kapitler er 4 ferdige",
        "6 gjenstår",
        "3 er dokumentert i Gerica",
        "13.11.2025",
        "Påbegynt",
        "Ikke startet",
    ] {
        assert!(has(&text, needle), "lacks {needle:?}:\n{text}");
    }
    let text = render(&yaml, &alver_with_titles(), DocumentKind::AskerguidenStatus).unwrap();
    for needle in [
        "Av 10 kapittel er 4 ferdige",
        "6 står att",
        "3 er dokumenterte i Gerica",
        "Påbyrja",
        "Ikkje starta",
    ] {
        assert!(has(&text, needle), "lacks {needle:?}:\n{text}");
    }
    // One more chapter signed by the youth only is not done.
    let yaml = yaml.replace(
        "    - { nr: 5, gjennomgatt: 2026-03-04,",
        "    - { nr: 5, signert_ungdom: true, signert_dato: 2026-03-05, gjennomgatt: 2026-03-04,",
    );
    let text = render(&yaml, &asker(), DocumentKind::AskerguidenStatus).unwrap();
    assert!(has(&text, "Av 10 kapitler er 4 ferdige"), "{text}");
}

#[test]
fn renamed_chapter_titles_come_from_the_profile() {
    let m = crate::common::profile_with(ASKER, |t| {
        t["askerguiden_kapitler"][2] = "Hvem er jeg?".into();
    });
    let text = render(
        &read("samples/saker/asker-yonas.yaml"),
        &m,
        DocumentKind::Askerguiden,
    )
    .unwrap();
    assert!(
        has(&text, "Hvem er jeg?") && !has(&text, "Identitet"),
        "{text}"
    );
}

#[test]
fn a_chapter_signed_without_a_date_is_a_located_error() {
    let yaml = read("samples/saker/asker-yonas.yaml").replace(
        "signert_saerkontakt: true, signert_dato: 2026-01-22 }",
        "signert_saerkontakt: true }",
    );
    let err = refused(&yaml, &read(ASKER), "askerguiden", &[]);
    assert!(
        err.contains("askerguiden.kapitler[3].signert_dato") && err.contains("sak.yaml:"),
        "{err}"
    );
    assert!(
        err.contains("chapter 4 is marked signed without the date"),
        "{err}"
    );
}

#[test]
fn chapter_titles_must_be_ten_and_present() {
    let profile_text = read(ASKER).replace("  - Norge\n", "");
    let err = refused(
        &read("samples/saker/asker-yonas.yaml"),
        &profile_text,
        "askerguiden",
        &[],
    );
    assert!(
        err.contains("askerguiden_kapitler") && err.contains("lists 9"),
        "{err}"
    );
    let err = refused(
        &read("samples/saker/asker-yonas.yaml"),
        &read("samples/kommuner/alver.yaml"),
        "askerguiden",
        &[],
    );
    assert!(
        err.contains("askerguiden_kapitler") && err.contains("kommune.yaml"),
        "{err}"
    );
}

#[test]
fn bad_chapter_numbers_and_dates() {
    for (from, to, expected) in [
        (
            "{ nr: 5, gjennomgatt",
            "{ nr: 11, gjennomgatt",
            "there is no chapter 11",
        ),
        (
            "{ nr: 5, gjennomgatt",
            "{ nr: 4, gjennomgatt",
            "chapter 4 is listed twice",
        ),
        (
            "gerica: 2025-10-02",
            "gerica: 2025-09-20",
            "documented in the journal before it was gone through",
        ),
    ] {
        let yaml = read("samples/saker/asker-yonas.yaml");
        assert!(yaml.contains(from), "{from}");
        let err = refused(
            &yaml.replacen(from, to, 1),
            &read(ASKER),
            "askerguiden",
            &[],
        );
        assert!(
            err.contains(expected) && err.contains("sak.yaml:"),
            "{expected}: {err}"
        );
    }
}

#[test]
fn move_out_plan_timeline_from_the_move_date_with_month_end_clamping() {
    let yaml = read("samples/saker/asker-yonas.yaml");
    let text = render(&yaml, &asker(), DocumentKind::Utflyttingsplan).unwrap();
    for needle in [
        "Utflyttingsplan",
        "Yonas Tesfamariam",
        "Flyttedato tirsdag 31. august 2027",
        // 31 August − 6 months is 28 February, a Sunday: Friday the 26th;
        // 31 July is a Saturday: Friday the 30th; + 3 months is 30 November.
        "T-6 mnd. Samtale om flyttingen 26. februar 2027",
        "T-3 mnd. Lete etter bolig 31. mai 2027",
        "T-1 mnd. Leiekontrakt, depositum og budsjett klart 30. juli 2027",
        "T Flyttedag 31. august 2027",
        "T+7 dager Oppfølgingsbesøk i ny bolig 7. september 2027",
        "T+3 mnd. Evaluering av planen 30. november 2027",
        "Husleiekontrakt Yonas Tesfamariam åpen",
        "Betale regninger øver",
        "Fotball i Fiktiv IL",
        "NAV Asker",
        "Planen skal evalueres 30. november 2027.",
        "Underskrift: Yonas Tesfamariam, ungdom",
        "Underskrift: Sigrid Mjøs, særkontakt",
        "Underskrift: Henrik Fjell, saksbehandler",
    ] {
        assert!(has(&text, needle), "lacks {needle:?}:\n{text}");
    }
    let text = render(
        &yaml,
        &profile("samples/kommuner/alver.yaml"),
        DocumentKind::Utflyttingsplan,
    )
    .unwrap();
    for needle in [
        "Bur no i",
        "Tidsline",
        "Leite etter bustad 31. mai 2027",
        "Ansvarleg",
        "open",
        "meistrar",
        "Planen skal evaluerast 30. november 2027.",
    ] {
        assert!(has(&text, needle), "lacks {needle:?}:\n{text}");
    }
}

#[test]
fn timeline_offsets_are_profile_data() {
    let text = "utflytting_tidslinje:\n  - { nb: Første samtale, nn: Første samtale, maaneder: -9 }\n  - { nb: Besøk, nn: Besøk, dager: 14 }\n";
    let m = saksdok::case::parse_profile(
        format!("{}{text}", read("samples/kommuner/asker.yaml")).as_bytes(),
        "kommune.yaml",
    )
    .unwrap();
    let text = render(
        &read("samples/saker/asker-yonas.yaml"),
        &m,
        DocumentKind::Utflyttingsplan,
    )
    .unwrap();
    assert!(
        has(&text, "T-9 mnd. Første samtale 30. november 2026"),
        "{text}"
    );
    assert!(has(&text, "T+14 dager Besøk 14. september 2027"), "{text}");
    assert!(!has(&text, "Lete etter bolig"), "{text}");
}

#[test]
fn move_out_before_settlement_names_both_fields() {
    let yaml = read("samples/saker/asker-yonas.yaml")
        .replace("    dato: 2027-08-31\n", "    dato: 2026-12-01\n");
    let err = refused(&yaml, &read(ASKER), "utflyttingsplan", &[]);
    assert!(
        err.contains("utflyttingsplan.flytting.dato")
            && err.contains("bosetting.dato")
            && err.contains("sak.yaml:"),
        "{err}"
    );
    let yaml = read("samples/saker/asker-yonas.yaml").replace("status: ovar", "status: kanskje");
    let err = refused(&yaml, &read(ASKER), "utflyttingsplan", &[]);
    assert!(
        err.contains("utflyttingsplan.ferdigheter[1].status")
            && err.contains("mestrer, ovar, skal_lare"),
        "{err}"
    );
}

#[test]
fn work_practice_agreement_ends_three_months_after_start_by_default() {
    let yaml = read("samples/saker/asker-yonas.yaml");
    let text = render(&yaml, &asker(), DocumentKind::Praksisavtale).unwrap();
    for needle in [
        "Avtale om arbeidspraksis",
        "Fiktiv Bakeri AS, Fiktivveien 20, 1383 Asker",
        "Kari Fiktivsen, daglig leder, tlf. 900 00 020",
        "Sigrid Mjøs, særkontakt",
        // 31 August + 3 months, clamped to the end of November.
        "31. august 2026 – 30. november 2026",
        "Praksisen varer i tre måneder",
        "120 kr per time (fiktiv sats)",
        "Underskrift: Kari Fiktivsen, arbeidsgiver",
        "Underskrift: Yonas Tesfamariam, ungdom",
    ] {
        assert!(has(&text, needle), "lacks {needle:?}:\n{text}");
    }
    let text = render(
        &yaml,
        &profile("samples/kommuner/alver.yaml"),
        DocumentKind::Praksisavtale,
    )
    .unwrap();
    for needle in [
        "Arbeidsoppgåver",
        "Løn",
        "Praksisen varer i tre månader",
        "arbeidsgjevar",
    ] {
        assert!(has(&text, needle), "lacks {needle:?}:\n{text}");
    }
    let yaml = yaml.replace(
        "  start: 2026-08-31\n",
        "  start: 2026-08-31\n  slutt: 2026-10-31\n",
    );
    let text = render(&yaml, &asker(), DocumentKind::Praksisavtale).unwrap();
    assert!(
        has(&text, "31. august 2026 – 31. oktober 2026") && !has(&text, "tre måneder"),
        "{text}"
    );
    // Without the municipality's pay rate the agreement is refused.
    let profile_text = read(ASKER);
    let pay = "praksis_lonn: 120 kr per time (fiktiv sats)\n";
    assert!(profile_text.contains(pay));
    let err = refused(
        &read("samples/saker/asker-yonas.yaml"),
        &profile_text.replace(pay, ""),
        "praksisavtale",
        &[],
    );
    assert!(err.contains("praksis_lonn"), "{err}");
}

#[test]
fn reference_letter_after_the_period_and_refused_before() {
    let yaml = read("samples/saker/asker-yonas.yaml");
    let text = render(&yaml, &asker(), DocumentKind::Praksisattest).unwrap();
    for needle in [
        "Attest",
        "Yonas Tesfamariam, født 15. juni 2009, har hatt arbeidspraksis hos Fiktiv Bakeri AS fra 31. august 2026 til 30. november 2026",
        "Vår vurdering",
        "Vi anbefaler ham gjerne.",
        "Fiktiv Bakeri AS, 1. desember 2026",
        "Underskrift: Kari Fiktivsen, daglig leder",
    ] {
        assert!(has(&text, needle), "lacks {needle:?}:\n{text}");
    }
    // The youth shows it to employers: no exemption marking on it.
    assert!(!has(&text, "Unntatt offentlighet"), "{text}");
    let text = render(
        &yaml,
        &profile("samples/kommuner/alver.yaml"),
        DocumentKind::Praksisattest,
    )
    .unwrap();
    assert!(
        has(&text, "fødd 15. juni 2009") && has(&text, "frå 31. august 2026"),
        "{text}"
    );
    // An attest dated before the last day is a located error.
    let early = yaml.replace(
        "    dato: 2026-12-01\n    vurdering",
        "    dato: 2026-11-15\n    vurdering",
    );
    let err = refused(&early, &read(ASKER), "praksisattest", &[]);
    assert!(
        err.contains("arbeidspraksis.attest.dato")
            && err.contains("30. november 2026")
            && err.contains("sak.yaml:"),
        "{err}"
    );
}

/// Renders an agreement file's samarbeidsavtale.
fn agreement(yaml: &str, m: &saksdok::Municipality) -> saksdok::Result<String> {
    let a = saksdok::case::parse_agreement(yaml.as_bytes(), "avtale.yaml")?;
    let out = engine().render_agreement_with(
        &a,
        m,
        saksdok::DocumentKind::Samarbeidsavtale,
        None,
        OutputFormat::Pdf,
        &saksdok::engine::Cancel::new(),
    )?;
    Ok(pdf_text(&out.files[0].bytes))
}

#[test]
fn a_cooperation_agreement_is_its_own_file_signed_by_a_leader() {
    // Not the samples: another organisation and leader, both målformer,
    // with and without the police-certificate rule.
    let yaml = read("samples/avtaler/asker-rotary.yaml")
        .replace("Fiktiv Rotary klubb", "Oppdiktet Lions")
        .replace("Tone Brekke", "Gro Leder");
    let with_rule = asker();
    assert!(with_rule.police_certificate, "the Asker sample requires it");
    let text = agreement(&yaml, &with_rule).unwrap();
    for needle in [
        "Samarbeidsavtale",
        "Asker kommune, barnevernstjenesten",
        "Oppdiktet Lions (org.nr. 910 000 047)",
        "Vår ref. 2026/5012",
        "Formål",
        "Hvem betaler hva",
        "Turutstyr til ungdommene Asker kommune inntil 1 500 kr per ungdom i året",
        "Reise og overnatting på fjellturen Oppdiktet Lions",
        "Delt mellom partene",
        "Politiattest",
        "må legge fram politiattest før de starter",
        "Taushetsplikt",
        "Samarbeidsmøter og kontaktpersoner",
        "samarbeidsmøte hver tredje måned",
        "Ungdommene som er med, blir spurt hva de mener om tilbudet",
        "Hver av partene kan si opp avtalen med tre måneders varsel",
        "Underskrift: Gro Leder, avdelingsleder, Asker kommune",
        "Underskrift: Per Fiktivsen, president, Oppdiktet Lions",
        "Taushetserklæring for frivillige",
        "Samarbeidsavtale · 2026/5012",
    ] {
        assert!(has(&text, needle), "lacks {needle:?}:\n{text}");
    }
    // Nothing of a youth's case: no youth, no exemption marking.
    for absent in ["Yonas", "Unntatt offentlighet", "2025/1432", "bvl. § 13-1"] {
        assert!(!has(&text, absent), "{absent:?} in {text}");
    }
    // Nynorsk, and no police certificate where the profile does not ask.
    let alver = profile("samples/kommuner/alver.yaml");
    assert!(!alver.police_certificate);
    let text = agreement(&yaml, &alver).unwrap();
    for needle in [
        "Føremål",
        "Kven betaler kva",
        "Teieplikt",
        "Teieplikterklæring for frivillige",
        "Samarbeidsmøte og kontaktpersonar",
        "Varigheit og oppseiing",
        "Ungdomane som er med, vert spurde",
    ] {
        assert!(has(&text, needle), "lacks {needle:?}:\n{text}");
    }
    assert!(!has(&text, "politiattest"), "{text}");
}

#[test]
fn every_text_of_an_agreement_is_printed_as_written() {
    // Each free text of the agreement file, with Typst's and minijinja's
    // special characters, comes out on the page as written.
    let mut tree = crate::common::tree_of("samples/avtaler/asker-rotary.yaml");
    let hostile = |i: usize| format!("Qq{i:02} #let $x$ *b* _i_ <a> @r {{{{ y }}}} \\ ` ]Qq");
    // JSON pointers of the free texts (not dates, numbers or fixed values).
    fn walk(v: &serde_json::Value, at: &str, key: &str, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    walk(x, &format!("{at}/{k}"), k, out);
                }
            }
            serde_json::Value::Array(a) => {
                for (n, x) in a.iter().enumerate() {
                    walk(x, &format!("{at}/{n}"), key, out);
                }
            }
            serde_json::Value::String(_)
                if !matches!(
                    key,
                    "dato"
                        | "fra"
                        | "til"
                        | "org_nr"
                        | "betaler"
                        | "kommuneprofil"
                        | "avtalenummer"
                ) =>
            {
                out.push(at.to_owned());
            }
            _ => {}
        }
    }
    let mut pointers = Vec::new();
    walk(&tree, "", "", &mut pointers);
    let mut texts = Vec::new();
    for (i, p) in pointers.iter().enumerate() {
        *tree.pointer_mut(p).unwrap() = hostile(i).into();
        texts.push(hostile(i));
    }
    assert!(texts.len() >= 15, "{}", texts.len());
    let text = agreement(&tree.to_string(), &asker()).unwrap();
    for t in &texts {
        assert!(has(&text, t), "{t:?} is not printed as written:\n{text}");
    }
}

#[test]
fn agreement_files_and_case_files_are_not_mixed_up() {
    let agreement_yaml = read("samples/avtaler/asker-rotary.yaml");
    // Bad agreement data: located errors.
    for (from, to, field, expected) in [
        (
            "til: 2027-12-31 }",
            "til: 2026-12-31 }",
            "samarbeidsavtale.periode.til",
            "ends before it starts",
        ),
        (
            "{ navn: Tone Brekke, tittel: avdelingsleder }",
            "{ navn: Tone Brekke }",
            "samarbeidsavtale.leder.tittel",
            "the leader who signs needs a title",
        ),
        (
            "org_nr: \"910 000 047\"",
            "org_nr: \"910 000 048\"",
            "samarbeidsavtale.aktor.org_nr",
            "invalid organisasjonsnummer",
        ),
        (
            "betaler: delt,",
            "betaler: staten,",
            "samarbeidsavtale.kostnader[2].betaler",
            "unknown payer",
        ),
    ] {
        assert!(agreement_yaml.contains(from), "{from}");
        let err = refused(
            &agreement_yaml.replacen(from, to, 1),
            &read(ASKER),
            "samarbeidsavtale",
            &[],
        );
        assert!(
            err.contains("sak.yaml:") && err.contains(field) && err.contains(expected),
            "{field}: {err}"
        );
    }
    // An agreement file makes only a samarbeidsavtale.
    let err = refused(&agreement_yaml, &read(ASKER), "tiltaksplan", &[]);
    assert!(
        err.contains("this is an agreement file") && err.contains("--doc samarbeidsavtale"),
        "{err}"
    );
    // A case cannot make one, and a case file with the old section is
    // refused at the section.
    let case = read("samples/saker/asker-yonas.yaml");
    let run = crate::common::render_in_tmp(&case, &read(ASKER), "samarbeidsavtale", &[]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.files.is_empty(), "{:?}", run.files);
    assert!(
        run.stderr.contains("made from an agreement file") && run.stderr.contains("sak.yaml"),
        "{}",
        run.stderr
    );
    let old = format!("{case}\nsamarbeidsavtale:\n  dato: 2026-11-23\n  formaal: Noe.\n");
    let err = refused(&old, &read(ASKER), "tiltaksplan", &[]);
    assert!(
        err.contains("samarbeidsavtale")
            && err.contains("not part of a youth's case")
            && err.contains("samples/avtaler/"),
        "{err}"
    );
    // The library says the same to a front end that gives bytes.
    let err = saksdok::case::parse_case(agreement_yaml.as_bytes(), "avtale.yaml")
        .unwrap_err()
        .to_string();
    assert!(err.contains("agreement file"), "{err}");
    // A batch takes case files: an agreement among them fails, saying why.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("avtale.yaml");
    std::fs::write(&file, &agreement_yaml).unwrap();
    let out = dir.path().join("ut");
    std::fs::create_dir(&out).unwrap();
    let o = crate::common::saksdok(&[
        "batch",
        file.to_str().unwrap(),
        "-d",
        "tiltaksplan",
        "--kommune",
        ASKER,
        "-o",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{stderr}");
    assert!(stderr.contains("this is an agreement file"), "{stderr}");
}

/// Seed 001/004: what the youth wants to do and the municipality's standing
/// offers (profile data) appear in the welcome letter and the plan.
#[test]
fn leisure_and_standing_offers() {
    let yaml = read("samples/saker/asker-yonas.yaml");
    let text = render(&yaml, &asker(), DocumentKind::Velkomstbrev).unwrap();
    for needle in [
        "Du har fortalt oss hva du har lyst til å gjøre: «Spille fotball og lære å sykle».",
        "Dette kan du være med på:",
        "Leksehjelp tirsdag og torsdag, med varm middag",
        "Den årlige fjellturen med Rotary",
        "Betalt arbeidspraksis i tre måneder",
    ] {
        assert!(has(&text, needle), "lacks {needle:?}:\n{text}");
    }
    let nn = crate::common::profile_with("samples/kommuner/alver.yaml", |t| {
        t["faste_tilbud"] = crate::common::tree_of(ASKER)["faste_tilbud"].clone();
    });
    let text = render(&yaml, &nn, DocumentKind::Velkomstbrev).unwrap();
    assert!(
        has(&text, "Leksehjelp tysdag og torsdag") && has(&text, "Dette kan du vere med på:"),
        "{text}"
    );
    // Offers are data: a profile without them lists none.
    let text = render(
        &yaml,
        &profile("samples/kommuner/alver.yaml"),
        DocumentKind::Velkomstbrev,
    )
    .unwrap();
    assert!(
        !has(&text, "fjellturen") && has(&text, "Du har fortalt oss kva du har lyst til å gjere"),
        "{text}"
    );

    let text = render(&yaml, &asker(), DocumentKind::Tiltaksplan).unwrap();
    for needle in [
        "Fritid og nettverk",
        "Hva vil du? «Spille fotball og lære å sykle»",
        "Fotball i Fiktiv IL",
        "Mentor fra Rotary",
    ] {
        assert!(has(&text, needle), "lacks {needle:?}:\n{text}");
    }
}

#[test]
fn the_praksisattest_reveals_no_child_welfare() {
    // Not the sample: another reference, names and workplace, both målformer.
    let c = crate::common::case_with("samples/saker/asker-yonas.yaml", |t| {
        t["saksnummer"] = "2031/7788".into();
        t["ungdom"]["fornavn"] = "Selam".into();
        t["arbeidspraksis"]["arbeidsplass"]["navn"] = "Fiktiv Sykkelverksted".into();
    });
    for muni in ["samples/kommuner/asker.yaml", "samples/kommuner/alver.yaml"] {
        let m = crate::common::profile(muni);
        let out = engine()
            .render(&c, &m, DocumentKind::Praksisattest, None, OutputFormat::Pdf)
            .unwrap_or_else(|e| panic!("{e}"));
        let f = &out.files[0];
        assert!(!f.document_id.contains("7788"), "{}", f.document_id);
        assert!(
            f.document_id.starts_with("praksisattest-"),
            "{}",
            f.document_id
        );
        let text = pdf_text(&f.bytes);
        assert!(has(&text, "Fiktiv Sykkelverksted"), "{text}");
        assert!(has(&text, "Selam"), "{text}");
        // Neither the page nor the file (metadata, XMP, tags) says where it
        // comes from.
        let raw = {
            let mut doc = lopdf::Document::load_mem(&f.bytes).unwrap();
            doc.decompress();
            let mut buf = Vec::new();
            doc.save_to(&mut buf).unwrap();
            String::from_utf8_lossy(&buf).to_lowercase()
        };
        for secret in [
            "2031/7788",
            "2031-7788",
            "barnevern",
            "offentleg",
            "offentlig",
            "bvl.",
            &m.name.to_lowercase(),
            &m.unit.to_lowercase(),
        ] {
            assert!(
                !text.to_lowercase().contains(secret),
                "{muni}: the page shows «{secret}»:\n{text}"
            );
            assert!(!raw.contains(secret), "{muni}: the file holds «{secret}»");
        }
    }
}

#[test]
fn the_status_sheet_flags_chapters_done_but_not_journalled() {
    // Not the sample's chapters: chapter 1 signed by both, not in Gerica;
    // chapter 2 journalled.
    let c = crate::common::case_with("samples/saker/asker-yonas.yaml", |t| {
        t["askerguiden"]["kapitler"] = serde_json::json!([
            { "nr": 1, "gjennomgatt": "2025-09-10", "signert_ungdom": true, "signert_saerkontakt": true, "signert_dato": "2025-09-10" },
            { "nr": 2, "gjennomgatt": "2025-10-01", "signert_ungdom": true, "signert_saerkontakt": true, "signert_dato": "2025-10-01", "gerica": "2025-10-02" },
        ]);
    });
    for (muni, flag, row, summary) in [
        (
            "samples/kommuner/asker.yaml",
            "Ferdig, men ikke dokumentert i Gerica: kapittel 1.",
            "Ferdig – ikke dokumentert",
            "Av 10 kapitler er 2 ferdige",
        ),
        (
            "nn",
            "Ferdig, men ikkje dokumentert i Gerica: kapittel 1.",
            "Ferdig – ikkje dokumentert",
            "Av 10 kapittel er 2 ferdige",
        ),
    ] {
        // Asker's profile has the chapters; in nynorsk too.
        let m = if muni == "nn" {
            crate::common::profile_with("samples/kommuner/asker.yaml", |t| {
                t["målform"] = "nn".into();
            })
        } else {
            profile(muni)
        };
        let out = engine()
            .render(
                &c,
                &m,
                DocumentKind::AskerguidenStatus,
                None,
                OutputFormat::Pdf,
            )
            .unwrap_or_else(|e| panic!("{e}"));
        let text = pdf_text(&out.files[0].bytes);
        for needle in [flag, row, summary] {
            assert!(has(&text, needle), "{muni}: lacks {needle:?}:\n{text}");
        }
    }
}

#[test]
fn a_journal_note_per_signed_chapter_in_the_profiles_malform() {
    let case = saksdok::case::parse_case(
        read("samples/saker/asker-yonas.yaml").as_bytes(),
        "sak.yaml",
    )
    .unwrap();
    let guide = case.askerguiden.as_ref().unwrap();
    let first = guide.chapter(1).unwrap();
    let nb = saksdok::case::sections::askerguiden::journal_note(&case, &asker(), first);
    assert_eq!(
        nb,
        "Askerguiden – kapittel 1: Mitt hefte\n\
         Ungdom: Yonas Tesfamariam\n\
         Gjennomgått: 10.09.2025\n\
         Signert av ungdommen og særkontakten 10.09.2025, på papir i protokollen bakerst i heftet.\n\
         Særkontakt: Sigrid Mjøs"
    );
    let nn = saksdok::case::sections::askerguiden::journal_note(&case, &alver_with_titles(), first);
    assert!(
        nn.contains(
            "Signert av ungdomen og særkontakten 10.09.2025, på papir i protokollen bak i heftet."
        ),
        "{nn}"
    );
}

#[test]
fn journalnotat_prints_the_signed_chapters_and_refuses_an_unsigned_one() {
    let o = crate::common::saksdok(&["journalnotat", "samples/saker/asker-yonas.yaml"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = String::from_utf8_lossy(&o.stdout);
    // Chapters 1–4 are signed in the sample; 5 is started, not signed.
    for n in 1..=4 {
        assert!(
            out.contains(&format!("Askerguiden – kapittel {n}:")),
            "{out}"
        );
    }
    assert!(!out.contains("kapittel 5"), "{out}");
    assert_eq!(out.split("\n\n").count(), 4, "{out}");
    let o = crate::common::saksdok(&[
        "journalnotat",
        "samples/saker/asker-yonas.yaml",
        "--kapittel",
        "3",
    ]);
    assert_eq!(
        String::from_utf8_lossy(&o.stdout)
            .matches("Askerguiden –")
            .count(),
        1
    );
    let o = crate::common::saksdok(&[
        "journalnotat",
        "samples/saker/asker-yonas.yaml",
        "--kapittel",
        "5",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("chapter 5 is not signed") && err.contains("asker-yonas.yaml"),
        "{err}"
    );
    assert!(err.contains("askerguiden.kapitler"), "{err}");
    assert!(o.stdout.is_empty());
    // A case without the section.
    let o = crate::common::saksdok(&["journalnotat", "samples/saker/alver-dawit.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no `askerguiden` section"));
    let o = crate::common::saksdok(&[
        "journalnotat",
        "samples/saker/asker-yonas.yaml",
        "--kapittel",
        "11",
    ]);
    assert_eq!(o.status.code(), Some(2));
}
