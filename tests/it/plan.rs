//! Tiltaksplan and «min plan»: content, computed dates, variants in both
//! målformer, long tables, and bad plan data.

use saksdok::{DocumentKind, Engine, OutputFormat};

use crate::common::{case, engine, pdf_text, profile, read, refused, squash};

fn plan_text(c: &saksdok::Case, m: &saksdok::Municipality) -> String {
    let out = engine()
        .render(c, m, DocumentKind::Tiltaksplan, None, OutputFormat::Pdf)
        .unwrap_or_else(|e| panic!("{e}"));
    pdf_text(&out.files[0].bytes)
}

fn assert_has(text: &str, needles: &[&str]) {
    for n in needles {
        assert!(
            squash(text).contains(&squash(n)),
            "PDF text lacks {n:?}:\n{text}"
        );
    }
}

fn assert_lacks(text: &str, needles: &[&str]) {
    for n in needles {
        assert!(
            !squash(text).contains(&squash(n)),
            "PDF text should not contain {n:?}"
        );
    }
}

#[test]
fn ordinary_plan_in_bokmal_with_the_worked_example_dates() {
    let text = plan_text(
        &case("samples/saker/asker-yonas.yaml"),
        &profile("samples/kommuner/asker.yaml"),
    );
    assert_has(
        &text,
        &[
            "Tiltaksplan",
            "Yonas Tesfamariam",
            "15. juni 2009",
            "2025/1432",
            "23. november 2026 – 14. juni 2027",
            "Bolig med oppfølging (bofellesskap), bvl. § 3-1",
            "Deltakere i arbeidet med planen",
            "Ingrid Haugland (verge)",
            "Tolk (tigrinja)",
            "Dette er viktig for meg",
            "Jeg vil bli bedre i norsk og få sommerjobb.",
            "Yonas består norsk på nivå B1.",
            "1. juni 2027",
            "Leksehjelptilbudet",
            "Henrik Fjell",
            // domain.md §4: 18 on Tuesday 15 June 2027, dialogue by 15 December 2026,
            // evaluation three months after 23 November 2026.
            "Du fyller 18 år tirsdag 15. juni 2027",
            "senest 15. desember 2026",
            "Planen skal evalueres 23. februar 2027",
            "Ansvarlig",
            "Underskrift: Yonas Tesfamariam, ungdom",
            "Underskrift: Ingrid Haugland, verge",
            "Underskrift: Henrik Fjell, saksbehandler",
            "Godkjent av leder",
            "Tone Brekke, avdelingsleder, 23. november 2026. Planen er godkjent elektronisk.",
            "Unntatt offentlighet",
            "Side 1 av 2",
        ],
    );
    assert_lacks(
        &text,
        &[
            "Ansvarleg",
            "Godkjend av leiar",
            "Deltakarar",
            "15860998987",
        ],
    );
}

#[test]
fn aftercare_min_plan_in_nynorsk() {
    let text = plan_text(
        &case("samples/saker/alver-dawit.yaml"),
        &profile("samples/kommuner/alver.yaml"),
    );
    assert_has(
        &text,
        &[
            "Min plan – ettervern",
            "Dawit Haile",
            "10. mars 2008",
            "barnevernslova § 3-6",
            "samtykket ditt frå 30. oktober 2026 (2024/0877-19)",
            "vedtak 2024/0877-21 av 16. november 2026",
            // 25 on 10 March 2033: aftercare until the day before.
            "til og med 9. mars 2033",
            "Planen skal evaluerast 23. februar 2027",
            "Denne planen må underskrivast av deg for å gjelde.",
            "Underskrift: Dawit Haile, ungdom",
            "Godkjend av leiar",
            "Ansvarleg",
            "Deltakarar i arbeidet med planen",
            "Unnateke offentlegheit",
        ],
    );
    assert_lacks(
        &text,
        &["Godkjent av leder", "Ansvarlig", "Når du fyller 18 år"],
    );
}

#[test]
fn aftercare_min_plan_in_bokmal() {
    let text = plan_text(
        &case("samples/saker/alver-dawit.yaml"),
        &profile("samples/kommuner/asker.yaml"),
    );
    assert_has(
        &text,
        &[
            "Min plan – ettervern",
            "barnevernsloven § 3-6",
            "til og med 9. mars 2033",
            "Denne planen må underskrives av deg",
        ],
    );
}

fn institution_case() -> saksdok::Case {
    let text = read("samples/saker/alver-amina.yaml")
        .replace("  variant: ordinaer\n", "  variant: institusjon\n  institusjon: { navn: Fiktiv ungdomsheim, kontakt: miljøterapeut }\n");
    saksdok::case::parse_case(text.as_bytes(), "amina-institusjon.yaml").unwrap()
}

#[test]
fn institution_min_plan_is_evaluated_every_half_year() {
    let c = institution_case();
    let text = plan_text(&c, &profile("samples/kommuner/alver.yaml"));
    assert_has(
        &text,
        &[
            "Min plan – opphald på institusjon",
            "Fiktiv ungdomsheim, miljøterapeut",
            "minst ein gong i månaden",
            "halvårsrapport",
            // 15 February 2027 + 6 months is Sunday 15 August: Friday the 13th.
            "Planen skal evaluerast 13. august 2027, og deretter kvar sjette månad",
        ],
    );
    let text = plan_text(&c, &profile("samples/kommuner/asker.yaml"));
    assert_has(
        &text,
        &[
            "Min plan – opphold på institusjon",
            "Planen skal evalueres 13. august 2027",
            "hver sjette måned",
        ],
    );
}

#[test]
fn ordinary_plan_in_nynorsk_has_the_transition_section_when_its_period_holds_the_dialogue() {
    // Amina turns 18 on 1 March 2028: the dialogue is due by 1 September
    // 2027, inside the plan's period (15.02.2027–31.12.2027).
    let text = plan_text(
        &case("samples/saker/alver-amina.yaml"),
        &profile("samples/kommuner/alver.yaml"),
    );
    assert_has(
        &text,
        &[
            "Tiltaksplan",
            "Planen skal evaluerast 14. mai 2027",
            "Alle i ansvarsgruppa har teieplikt",
            "Når du fyller 18 år",
            "seinast 1. september 2027",
            "Vedtaket om ettervern skal vere gjort innan 29. februar 2028",
        ],
    );
    // A plan that ends before the dialogue, more than a year before 18, has none.
    let short = crate::common::case_with("samples/saker/alver-amina.yaml", |t| {
        t["tiltaksplan"]["periode"]["til"] = "2027-06-30".into();
        for m in t["tiltaksplan"]["maal"].as_array_mut().unwrap() {
            m["frist"] = "2027-06-01".into();
        }
        for m in t["tiltaksplan"]["tiltak"].as_array_mut().unwrap() {
            if m.get("slutt").is_some() {
                m["slutt"] = "2027-06-30".into();
            }
        }
    });
    let text = plan_text(&short, &profile("samples/kommuner/alver.yaml"));
    assert_lacks(&text, &["Når du fyller 18 år"]);
}

#[test]
fn plan_move_out_plan_and_frister_share_one_aftercare_timeline() {
    // Not a sample youth: born 10 October 2009, 18 on Sunday 10 October
    // 2027; the dialogue by 9 April 2027 (10 April is a Saturday), the
    // decision by Friday 8 October 2027.
    let c = crate::common::case_with("samples/saker/asker-yonas.yaml", |t| {
        t["ungdom"]["fodselsdato"] = "2009-10-10".into();
        t["ungdom"]["fodselsnummer"] = saksdok::case::ids::synthetic_national_id(
            chrono::NaiveDate::from_ymd_opt(2009, 10, 10).unwrap(),
            7,
        )
        .into();
    });
    let m = profile("samples/kommuner/asker.yaml");
    let plan = plan_text(&c, &m);
    assert_has(&plan, &["senest 9. april 2027", "innen 8. oktober 2027"]);
    let out = engine()
        .render(
            &c,
            &m,
            DocumentKind::Utflyttingsplan,
            None,
            OutputFormat::Pdf,
        )
        .unwrap();
    let ut = pdf_text(&out.files[0].bytes);
    assert_has(
        &ut,
        &[
            "Samtale om ettervern senest 9. april 2027",
            "Vedtak om ettervern senest 8. oktober 2027",
            "Fyller 18 år (vergemålet slutter) 10. oktober 2027",
        ],
    );
    let d = c.deadlines(&m);
    let dates: Vec<String> = d.iter().map(|x| x.date.to_string()).collect();
    for want in ["2027-04-09", "2027-10-08", "2027-10-10"] {
        assert!(dates.contains(&want.to_owned()), "{dates:?}");
    }

    // A municipality's own rule, nine months before 18: 10 January 2027 is
    // a Sunday, so Friday 8 January, in the plan, the move-out plan and the
    // deadlines alike (nynorsk).
    let nine = crate::common::profile_with("samples/kommuner/alver.yaml", |p| {
        p["ettervern_samtale_maaneder"] = 9.into();
    });
    assert_has(&plan_text(&c, &nine), &["seinast 8. januar 2027"]);
    let out = engine()
        .render(
            &c,
            &nine,
            DocumentKind::Utflyttingsplan,
            None,
            OutputFormat::Pdf,
        )
        .unwrap();
    assert_has(
        &pdf_text(&out.files[0].bytes),
        &["Samtale om ettervern seinast 8. januar 2027"],
    );
    let dialogue: Vec<String> = c
        .deadlines(&nine)
        .iter()
        .filter(|x| x.kind == saksdok::deadlines::DeadlineKind::EttervernDialog)
        .map(|x| x.date.to_string())
        .collect();
    assert_eq!(dialogue, ["2027-01-08"]);
    // Outside 1–24 months is refused at the field.
    for bad in [0, 25] {
        let mut tree = crate::common::tree_of("samples/kommuner/alver.yaml");
        tree["ettervern_samtale_maaneder"] = bad.into();
        let err = saksdok::case::parse_profile(tree.to_string().as_bytes(), "alver.yaml")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("ettervern_samtale_maaneder") && err.contains("outside 1–24"),
            "{err}"
        );
    }
}

/// A plan with 40 measures breaks across pages; the measures table's
/// header row is repeated on every page the table continues on, and every
/// measure is there.
#[test]
fn long_plan_repeats_the_table_header_and_cuts_nothing() {
    let c = crate::common::case_with("samples/saker/alver-amina.yaml", |t| {
        let template = t["tiltaksplan"]["tiltak"][0].clone();
        t["tiltaksplan"]["tiltak"] = (1..=40)
            .map(|i| {
                let mut m = template.clone();
                m["tekst"] = format!(
                    "Tiltak nummer {i} med ein lengre forklaring som går over fleire liner i tabellen"
                )
                .into();
                m
            })
            .collect();
    });
    let m = profile("samples/kommuner/alver.yaml");
    let (date, src) = crate::common::source(&c, &m, DocumentKind::Tiltaksplan);
    let doc = engine().typeset(&src, date).unwrap().document;
    let pages = saksdok::typeset::page_texts(&doc);
    assert!(
        pages.len() >= 3,
        "40 measures fit on {} pages?",
        pages.len()
    );
    let mut table_pages = 0;
    for page in &pages {
        if page.contains("Tiltaknummer") || page.contains("Tiltak nummer") {
            table_pages += 1;
            assert!(
                page.contains("Omfang"),
                "a page of the measures table lacks the header row:\n{page}"
            );
        }
    }
    assert!(table_pages >= 2, "the table should span pages");
    let all = squash(&pages.concat());
    for i in 1..=40 {
        assert!(
            all.contains(&squash(&format!(
                "Tiltak nummer {i} med ein lengre forklaring som går over fleire liner i tabellen"
            ))),
            "measure {i} missing"
        );
    }
    // And it exports under PDF/A + PDF/UA.
    engine()
        .render(&c, &m, DocumentKind::Tiltaksplan, None, OutputFormat::Pdf)
        .unwrap();
}

/// The sample plan with `edit` applied, refused by the binary (exit 1, no
/// file, nothing private on stderr); returns stderr.
fn plan_error(edit: impl Fn(String) -> String) -> String {
    let text = edit(read("samples/saker/asker-yonas.yaml"));
    let msg = refused(
        &text,
        &read("samples/kommuner/asker.yaml"),
        "tiltaksplan",
        &[],
    );
    assert!(msg.contains("sak.yaml:"), "no location: {msg}");
    msg
}

#[test]
fn c02_dates_in_the_wrong_order_name_both_fields() {
    let msg = plan_error(|t| {
        t.replace(
            "periode: { fra: 2026-11-23, til: 2027-06-14 }",
            "periode: { fra: 2026-11-23, til: 2026-11-01 }",
        )
    });
    assert!(
        msg.contains("tiltaksplan.periode.til") && msg.contains("tiltaksplan.periode.fra"),
        "{msg}"
    );
    let msg = plan_error(|t| {
        t.replace(
            "\n  godkjent_av: tb",
            "\n  evalueringsdatoer: [2026-10-01]\n  godkjent_av: tb",
        )
    });
    assert!(
        msg.contains("tiltaksplan.evalueringsdatoer[0]") && msg.contains("tiltaksplan.dato"),
        "{msg}"
    );
    let msg = plan_error(|t| {
        t.replace(
            "start: 2026-12-01, slutt: 2026-12-15",
            "start: 2026-12-01, slutt: 2026-11-15",
        )
    });
    assert!(
        msg.contains("tiltaksplan.tiltak[1].slutt") && msg.contains("tiltaksplan.tiltak[1].start"),
        "{msg}"
    );
}

#[test]
fn c03_aftercare_past_25_and_a_birth_date_after_the_plan() {
    let text = read("samples/saker/alver-dawit.yaml").replace(
        "periode: { fra: 2026-12-01, til: 2027-11-30 }",
        "periode: { fra: 2026-12-01, til: 2033-03-10 }",
    );
    let msg = refused(
        &text,
        &read("samples/kommuner/alver.yaml"),
        "tiltaksplan",
        &[],
    );
    assert!(
        msg.contains("tiltaksplan.periode.til") && msg.contains("9. mars 2033"),
        "{msg}"
    );
    let msg = plan_error(|t| {
        t.replace("fodselsdato: 2009-06-15", "fodselsdato: 2027-06-15")
            .replace("  fodselsnummer: \"15860998987\"\n", "")
    });
    assert!(
        msg.contains("ungdom.fodselsdato") && msg.contains("after the plan date"),
        "{msg}"
    );
}

#[test]
fn c08_dangling_references_in_a_plan() {
    let msg =
        plan_error(|t| t.replace("maal: [g1], ansvarlig_tekst", "maal: [g9], ansvarlig_tekst"));
    assert!(
        msg.contains("tiltaksplan.tiltak[0].maal[0]") && msg.contains("`g9` is not a goal"),
        "{msg}"
    );
    let msg = plan_error(|t| {
        t.replace(
            "maal: [g2], ansvarlig: hf",
            "maal: [g2], ansvarlig: ukjent-id",
        )
    });
    assert!(
        msg.contains("tiltaksplan.tiltak[1].ansvarlig") && msg.contains("`ukjent-id`"),
        "{msg}"
    );
    let msg = plan_error(|t| t.replace("  godkjent_av: tb", "  godkjent_av: xx"));
    assert!(msg.contains("tiltaksplan.godkjent_av"), "{msg}");
}

#[test]
fn aftercare_plan_needs_written_consent() {
    let text = read("samples/saker/alver-dawit.yaml").replace(
        "  samtykke: { dato: 2026-10-30, referanse: 2024/0877-19 }\n",
        "",
    );
    let msg = refused(
        &text,
        &read("samples/kommuner/alver.yaml"),
        "tiltaksplan",
        &[],
    );
    assert!(
        msg.contains("tiltaksplan.samtykke") && msg.contains("consent"),
        "{msg}"
    );
}

fn evaluation_text(profile_path: &str) -> String {
    let out = engine()
        .render(
            &case("samples/saker/alver-amina.yaml"),
            &profile(profile_path),
            DocumentKind::Evaluering,
            None,
            OutputFormat::Pdf,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    pdf_text(&out.files[0].bytes)
}

#[test]
fn evaluation_in_nynorsk() {
    let text = evaluation_text("samples/kommuner/alver.yaml");
    assert_has(
        &text,
        &[
            "Evaluering av tiltaksplan",
            "Amina Rahimi",
            "Evaluert 14. mai 2027",
            "Korleis gjekk det med måla?",
            "Amina kan snakke norsk i kvardagen",
            "delvis oppnådd",
            "ikkje oppnådd",
            "Leksehjelpa og dei faste samtalane",
            "Dette seier eg",
            "Eg likar fotballen.",
            "vidareføre",
            "avslutte",
            "Éin fast kveld i veka med kokekurs.",
            "Nye mål",
            "1. juli 2027",
            // 14 May 2027 + the plan's 3 months.
            "Planen skal evaluerast på nytt innan fredag 13. august 2027.",
            "Underskrift: Amina Rahimi, ungdom",
        ],
    );
    assert_lacks(&text, &["ikke oppnådd", "videreføre", "Dette sier jeg"]);
}

#[test]
fn evaluation_in_bokmal() {
    let text = evaluation_text("samples/kommuner/asker.yaml");
    assert_has(
        &text,
        &[
            "Hvordan gikk det med målene?",
            "ikke oppnådd",
            "videreføre",
            "Dette sier jeg",
            "innen fredag 13. august 2027",
        ],
    );
    assert_lacks(&text, &["ikkje oppnådd", "vidareføre"]);
}

#[test]
fn bad_evaluation_data_is_located() {
    let check = |from: &str, to: &str, expected: &[&str]| {
        let text = read("samples/saker/alver-amina.yaml");
        assert!(text.contains(from), "{from}");
        let text = text.replacen(from, to, 1);
        let msg = refused(
            &text,
            &read("samples/kommuner/alver.yaml"),
            "evaluering",
            &[],
        );
        assert!(msg.contains("sak.yaml:"), "{msg}");
        for e in expected {
            assert!(msg.contains(e), "{to}: {msg}");
        }
    };
    check(
        "status: ikkje_oppnadd",
        "status: ferdig",
        &["evaluering.maal[2].status", "oppnadd"],
    );
    check(
        "{ maal: m2, status",
        "{ maal: m7, status",
        &["evaluering.maal[1].maal", "`m7`"],
    );
    check(
        "{ tiltak: 4, konklusjon",
        "{ tiltak: 5, konklusjon",
        &["evaluering.tiltak[3].tiltak", "1 to 4"],
    );
    check(
        "konklusjon: avslutte",
        "konklusjon: stoppe",
        &["evaluering.tiltak[2].konklusjon", "viderefore"],
    );
    // C02: an evaluation before the plan, naming both dates.
    check(
        "  dato: 2027-05-14\n",
        "  dato: 2027-01-14\n",
        &["evaluering.dato", "tiltaksplan.dato"],
    );
}

fn checklist_text(case_path: &str, profile_path: &str, list: &str) -> saksdok::Result<String> {
    let req = saksdok::Request {
        kind: DocumentKind::Sjekkliste,
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 23),
        checklist: Some(list),
        with_enclosures: false,
        language: None,
    };
    let out = engine().render_request(
        &case(case_path),
        &profile(profile_path),
        &req,
        OutputFormat::Pdf,
    )?;
    assert_eq!(
        out.files[0].name,
        format!("2024-0877-sjekkliste-{list}.pdf")
    );
    Ok(pdf_text(&out.files[0].bytes))
}

#[test]
fn checklists_in_both_malformer() {
    for list in [
        "ettervern",
        "plassering",
        "avslutning",
        "familierad",
        "nemndssak",
        "akuttarbeid",
    ] {
        let nn = checklist_text(
            "samples/saker/alver-dawit.yaml",
            "samples/kommuner/alver.yaml",
            list,
        )
        .unwrap();
        let nb = checklist_text(
            "samples/saker/alver-dawit.yaml",
            "samples/kommuner/asker.yaml",
            list,
        )
        .unwrap();
        for text in [&nn, &nb] {
            assert_has(
                text,
                &[
                    "Sjekkliste",
                    "Dawit Haile",
                    "2024/0877",
                    "10. mars 2008",
                    "23. november 2026",
                    "Utført",
                    "Dato",
                ],
            );
        }
        assert_has(&nn, &["Ansvarleg", "Sakshandsamar"]);
        assert_has(&nb, &["Ansvarlig", "Saksbehandler"]);
    }
    let nn = checklist_text(
        "samples/saker/alver-dawit.yaml",
        "samples/kommuner/alver.yaml",
        "ettervern",
    )
    .unwrap();
    assert_has(&nn, &["Skriftleg samtykke frå ungdomen ligg føre"]);
    let nb = checklist_text(
        "samples/saker/alver-dawit.yaml",
        "samples/kommuner/asker.yaml",
        "ettervern",
    )
    .unwrap();
    assert_has(&nb, &["Skriftlig samtykke fra ungdommen foreligger"]);
    // The seed's «Fylkesnemnda» is barneverns- og helsenemnda since 2023.
    for profile in ["samples/kommuner/alver.yaml", "samples/kommuner/asker.yaml"] {
        let text = checklist_text("samples/saker/alver-dawit.yaml", profile, "nemndssak").unwrap();
        assert_has(&text, &["Sjekkliste sak for barneverns- og helsenemnda"]);
        assert!(!text.to_lowercase().contains("fylkesnemnd"), "{text}");
    }
    let nn = checklist_text(
        "samples/saker/alver-dawit.yaml",
        "samples/kommuner/alver.yaml",
        "familierad",
    )
    .unwrap();
    assert_has(
        &nn,
        &["Tilvising til familierådskoordinator", "koordinator"],
    );
    let nb = checklist_text(
        "samples/saker/alver-dawit.yaml",
        "samples/kommuner/asker.yaml",
        "akuttarbeid",
    )
    .unwrap();
    assert_has(
        &nb,
        &[
            "Akuttvedtaket er skrevet",
            "Ettersamtale med de ansatte som var med, er gjennomført leder",
        ],
    );
}

#[test]
fn unknown_checklist_lists_the_available_ones() {
    let err = refused(
        &read("samples/saker/alver-dawit.yaml"),
        &read("samples/kommuner/alver.yaml"),
        "sjekkliste",
        &["--liste", "nope"],
    );
    assert!(
        err.contains("unknown checklist `nope`")
            && err
                .contains("akuttarbeid, avslutning, ettervern, familierad, nemndssak, plassering"),
        "{err}"
    );
}

/// The points are data: a list added to a template folder is printed.
#[test]
fn checklists_are_data_in_the_template_folder() {
    let dir = tempfile::tempdir().unwrap();
    let root = crate::common::root();
    let status = std::process::Command::new("cp")
        .args([
            "-r",
            root.join("templates").to_str().unwrap(),
            dir.path().to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(status.success());
    let templates = dir.path().join("templates");
    std::fs::write(
        templates.join("sjekklister/egen.yaml"),
        "tittel: { nb: Sjekkliste egen, nn: Sjekkliste eigen }\npunkter:\n  - tekst: { nb: Et helt eget punkt, nn: Eit heilt eige punkt }\n    ansvarlig: { nb: leder, nn: leiar }\n",
    )
    .unwrap();
    let engine = Engine::with_template_dir(&templates).unwrap();
    let req = saksdok::Request {
        kind: DocumentKind::Sjekkliste,
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 23),
        checklist: Some("egen"),
        with_enclosures: false,
        language: None,
    };
    let out = engine
        .render_request(
            &case("samples/saker/alver-dawit.yaml"),
            &profile("samples/kommuner/alver.yaml"),
            &req,
            OutputFormat::Pdf,
        )
        .unwrap();
    assert_has(
        &pdf_text(&out.files[0].bytes),
        &["Sjekkliste eigen", "Eit heilt eige punkt", "leiar"],
    );
}

#[test]
fn computed_evaluation_dates_avoid_weekends_and_holidays() {
    // A plan dated 6 February 2027 is evaluated three months on: Ascension
    // Day 6 May 2027, so by Wednesday 5 May. One dated 17 February 2027:
    // 17 May, also Whit Monday, so by Friday 14 May.
    for (plan_date, nb, nn) in [
        (
            "2027-02-06",
            "Planen skal evalueres 5. mai 2027",
            "Planen skal evaluerast 5. mai 2027",
        ),
        (
            "2027-02-17",
            "Planen skal evalueres 14. mai 2027",
            "Planen skal evaluerast 14. mai 2027",
        ),
    ] {
        let c = crate::common::case_with("samples/saker/alver-amina.yaml", |t| {
            t["tiltaksplan"]["dato"] = plan_date.into();
            t["tiltaksplan"]["periode"]["fra"] = plan_date.into();
            t["tiltaksplan"]["godkjent_dato"] = plan_date.into();
            if let Some(m) = t["tiltaksplan"].as_object_mut() {
                m.remove("evalueringsdatoer");
            }
        });
        assert_has(
            &plan_text(&c, &profile("samples/kommuner/alver.yaml")),
            &[nn],
        );
        assert_has(
            &plan_text(&c, &profile("samples/kommuner/asker.yaml")),
            &[nb],
        );
    }
}

#[test]
fn approval_is_data_and_a_draft_says_so_on_every_page() {
    for (muni, draft_line, approved) in [
        (
            "samples/kommuner/alver.yaml",
            "UTKAST – ikkje godkjend av leiar",
            "Planen er godkjend elektronisk.",
        ),
        (
            "samples/kommuner/asker.yaml",
            "UTKAST – ikke godkjent av leder",
            "Planen er godkjent elektronisk.",
        ),
    ] {
        let m = profile(muni);
        // Not the sample: a long plan (many measures, several pages), not yet approved.
        let draft = crate::common::case_with("samples/saker/alver-amina.yaml", |t| {
            t["tiltaksplan"]
                .as_object_mut()
                .unwrap()
                .remove("godkjent_dato");
            let first = t["tiltaksplan"]["tiltak"][0].clone();
            t["tiltaksplan"]["tiltak"] = serde_json::Value::Array(vec![first; 40]);
        });
        let out = engine()
            .render(
                &draft,
                &m,
                DocumentKind::Tiltaksplan,
                None,
                OutputFormat::Pdf,
            )
            .unwrap();
        assert!(out.pages > 1, "the draft should run over several pages");
        let doc = lopdf::Document::load_mem(&out.files[0].bytes).unwrap();
        for page in 1..=out.pages as u32 {
            let text = doc.extract_text(&[page]).unwrap_or_default();
            assert!(
                text.contains("UTKAST"),
                "{muni}: page {page} of a draft lacks UTKAST:\n{text}"
            );
        }
        let text = pdf_text(&out.files[0].bytes);
        assert_has(&text, &[draft_line]);
        assert_lacks(&text, &[approved]);
        // The følgebrev that would send it is refused, at its enclosure.
        let err = engine()
            .render(&draft, &m, DocumentKind::Folgebrev, None, OutputFormat::Pdf)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("not approved") && err.contains("folgebrev.vedlegg"),
            "{err}"
        );
        assert!(err.contains("tiltaksplan.godkjent_dato"), "{err}");

        // Approved: who and when, no draft marking.
        let done = crate::common::case_with("samples/saker/alver-amina.yaml", |t| {
            t["tiltaksplan"]["godkjent_dato"] = "2027-02-16".into();
        });
        let out = engine()
            .render(
                &done,
                &m,
                DocumentKind::Tiltaksplan,
                None,
                OutputFormat::Pdf,
            )
            .unwrap();
        let text = pdf_text(&out.files[0].bytes);
        assert_has(&text, &["16. februar 2027", approved]);
        assert_lacks(&text, &["UTKAST"]);
        // Approval before the plan's date is a located error.
        let early = crate::common::tree_of("samples/saker/alver-amina.yaml");
        let mut early = early;
        early["tiltaksplan"]["godkjent_dato"] = "2027-02-01".into();
        let err = saksdok::case::parse_case(early.to_string().as_bytes(), "sak.yaml")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("tiltaksplan.godkjent_dato") && err.contains("approved before"),
            "{err}"
        );

        // The evaluation likewise: a draft says so, and no letter sends it.
        let draft_ev = crate::common::case_with("samples/saker/alver-amina.yaml", |t| {
            t["evaluering"]
                .as_object_mut()
                .unwrap()
                .remove("godkjent_dato");
            t["folgebrev"]["vedlegg"][0]["dokument"] = "evaluering".into();
            t["folgebrev"]["kopi_til"][1]["omfang"] = serde_json::json!({ "evaluering": ["alt"] });
        });
        let out = engine()
            .render(
                &draft_ev,
                &m,
                DocumentKind::Evaluering,
                None,
                OutputFormat::Pdf,
            )
            .unwrap();
        assert_has(&pdf_text(&out.files[0].bytes), &[draft_line]);
        let err = engine()
            .render(
                &draft_ev,
                &m,
                DocumentKind::Folgebrev,
                None,
                OutputFormat::Pdf,
            )
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("an evaluation the leader has not approved")
                && err.contains("evaluering.godkjent_dato"),
            "{err}"
        );
        let out = engine()
            .render(&done, &m, DocumentKind::Evaluering, None, OutputFormat::Pdf)
            .unwrap();
        let text = pdf_text(&out.files[0].bytes);
        assert_has(&text, &["18. mai 2027"]);
        assert_lacks(&text, &["UTKAST"]);
    }
}

#[test]
fn an_evaluation_signs_the_guardian_who_took_part_and_says_what_it_left_out() {
    for (muni, left_out_goal, left_out_measure, freq, verge) in [
        (
            "samples/kommuner/alver.yaml",
            "Ikkje vurdert i denne evalueringa: mål 3.",
            "Ikkje vurdert i denne evalueringa: tiltak 2 og 4.",
            "Hyppigheit",
            "verje",
        ),
        (
            "samples/kommuner/asker.yaml",
            "Ikke vurdert i denne evalueringen: mål 3.",
            "Ikke vurdert i denne evalueringen: tiltak 2 og 4.",
            "Hyppighet",
            "verge",
        ),
    ] {
        let m = profile(muni);
        // Not the sample: goal 3 and measures 2 and 4 left out, a frequency.
        let c = crate::common::case_with("samples/saker/alver-amina.yaml", |t| {
            t["evaluering"]["maal"].as_array_mut().unwrap().remove(2);
            let measures = t["evaluering"]["tiltak"].as_array_mut().unwrap();
            measures.remove(3);
            measures.remove(1);
            measures[0]["hyppighet"] = "2 gonger i veka".into();
        });
        let out = engine()
            .render(&c, &m, DocumentKind::Evaluering, None, OutputFormat::Pdf)
            .unwrap();
        let text = pdf_text(&out.files[0].bytes);
        assert_has(
            &text,
            &[
                left_out_goal,
                left_out_measure,
                freq,
                "2 gonger i veka",
                &format!("Underskrift: Per Olav Strand, {verge}"),
            ],
        );
        // And a warning each, located at the list that leaves them out.
        let notes: Vec<String> = out.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(
            notes[0].contains("evaluering.maal") && notes[0].contains("goal 3 of the plan"),
            "{notes:?}"
        );
        assert!(
            notes[1].contains("evaluering.tiltak")
                && notes[1].contains("measures 2, 4 of the plan"),
            "{notes:?}"
        );
        // Without the guardian taking part, no guardian signature; all
        // covered, no «not evaluated» line.
        let c = crate::common::case_with("samples/saker/alver-amina.yaml", |t| {
            t["evaluering"]["deltakere"] = serde_json::json!(["ungdom", "ol"]);
        });
        let out = engine()
            .render(&c, &m, DocumentKind::Evaluering, None, OutputFormat::Pdf)
            .unwrap();
        let text = pdf_text(&out.files[0].bytes);
        assert_lacks(&text, &["Underskrift: Per Olav Strand", "vurdert i denne"]);
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    }
}

/// A run of text as laid out on a page: left edge, baseline, width, size.
#[derive(Debug, Clone)]
struct Run {
    x: f64,
    y: f64,
    w: f64,
    size: f64,
    text: String,
}

/// Every text run of a page, at page coordinates (groups that only move
/// their content; a rotated one, the draft watermark, is left out).
fn runs(frame: &typst::layout::Frame, ox: f64, oy: f64, out: &mut Vec<Run>) {
    use typst::layout::FrameItem;
    for (pos, item) in frame.items() {
        let (x, y) = (ox + pos.x.to_pt(), oy + pos.y.to_pt());
        match item {
            FrameItem::Group(g) => {
                let t = g.transform;
                if t.kx.is_zero() && t.ky.is_zero() {
                    runs(&g.frame, x + t.tx.to_pt(), y + t.ty.to_pt(), out);
                }
            }
            FrameItem::Text(t) => out.push(Run {
                x,
                y,
                w: t.width().to_pt(),
                size: t.size.to_pt(),
                text: t.text.to_string(),
            }),
            _ => {}
        }
    }
}

/// Checks on the laid-out pages that no text of a table's body crosses
/// into the next column: the column's right edge is where the next header
/// starts, less the cell's inset. `headers` are a table's header texts, in
/// order; its body runs until the next heading (larger text) or the footer.
/// Returns how many body runs were checked.
fn assert_cells_hold_their_text(
    doc: &typst_layout::PagedDocument,
    headers: &[&str],
    what: &str,
) -> usize {
    const INSET: f64 = 1.6 * 72.0 / 25.4;
    let mut checked = 0;
    for (n, page) in doc.pages().iter().enumerate() {
        let mut all = Vec::new();
        runs(&page.frame, 0.0, 0.0, &mut all);
        let bottom = page.frame.height().to_pt() - 20.0 * 72.0 / 25.4;
        // Each header row on the page: runs on one baseline with the texts.
        let firsts: Vec<&Run> = all.iter().filter(|r| r.text == headers[0]).collect();
        for first in firsts {
            let row: Vec<&Run> = headers
                .iter()
                .filter_map(|h| {
                    all.iter().find(|r| {
                        r.text == *h && (r.y - first.y).abs() < 0.5 && r.x >= first.x - 0.5
                    })
                })
                .collect();
            if row.len() != headers.len() {
                continue;
            }
            let edges: Vec<f64> = row.iter().map(|r| r.x - INSET).collect();
            let end = all
                .iter()
                .filter(|r| r.y > first.y + 1.0 && r.size > 10.5)
                .map(|r| r.y)
                .fold(bottom, f64::min);
            for r in all
                .iter()
                .filter(|r| r.y > first.y + 1.0 && r.y < end && r.x >= edges[0])
            {
                let col = edges.iter().rposition(|e| r.x >= *e - 0.5).unwrap_or(0);
                let right = edges
                    .get(col + 1)
                    .copied()
                    .unwrap_or_else(|| page.frame.width().to_pt());
                assert!(
                    r.x + r.w <= right + 0.5,
                    "{what}, page {}: «{}» in column «{}» ends at {:.1} pt, past the column's edge at {:.1} pt",
                    n + 1,
                    r.text,
                    headers[col],
                    r.x + r.w,
                    right
                );
                checked += 1;
            }
        }
    }
    checked
}

#[test]
fn no_text_crosses_its_cell_in_a_narrow_column() {
    // Long Norwegian compounds, a long name, an e-mail and a token of signs
    // in every narrow column of the plan's and the evaluation's tables.
    let long = [
        "Barnevernstjenestens oppfølgingskoordinator",
        "Leksehjelptilbudet",
        "Kommunehelsetjenesteansvarlig",
        "ungdomskontaktpersonordningen",
        "postmottak.barnevern@fiktivkommune.example",
        "2x/uke(mandag/torsdag)",
        "Abdirahmanmohamedabdullahi Warsame",
        "KID12345678901234567",
    ];
    for muni in ["samples/kommuner/asker.yaml", "samples/kommuner/alver.yaml"] {
        let m = profile(muni);
        let nn = m.malform.code() == "nn";
        let c = crate::common::case_with("samples/saker/alver-amina.yaml", |t| {
            let measures = t["tiltaksplan"]["tiltak"].as_array_mut().unwrap();
            for (i, ms) in measures.iter_mut().enumerate() {
                ms.as_object_mut().unwrap().remove("ansvarlig");
                ms["ansvarlig_tekst"] = long[i % long.len()].into();
                ms["omfang"] = long[(i + 1) % long.len()].into();
                ms["tekst"] = format!(
                    "{} og {}",
                    long[(i + 2) % long.len()],
                    long[(i + 3) % long.len()]
                )
                .into();
            }
            for (i, o) in t["tiltaksplan"]["andre_tjenester"]
                .as_array_mut()
                .unwrap()
                .iter_mut()
                .enumerate()
            {
                o["tjeneste"] = long[(i + 4) % long.len()].into();
                o["kontakt"] = long[(i + 5) % long.len()].into();
            }
            for (i, ms) in t["evaluering"]["tiltak"]
                .as_array_mut()
                .unwrap()
                .iter_mut()
                .enumerate()
            {
                ms["hyppighet"] = long[(i + 5) % long.len()].into();
                ms["kommentar"] = long[(i + 6) % long.len()].into();
            }
            for (i, g) in t["evaluering"]["maal"]
                .as_array_mut()
                .unwrap()
                .iter_mut()
                .enumerate()
            {
                g["kommentar"] = long[i % long.len()].into();
            }
        });
        let e = engine();
        for (kind, tables) in [
            (
                DocumentKind::Tiltaksplan,
                vec![
                    if nn {
                        vec!["Tiltak", "Mål", "Ansvarleg", "Omfang", "Start", "Slutt"]
                    } else {
                        vec!["Tiltak", "Mål", "Ansvarlig", "Omfang", "Start", "Slutt"]
                    },
                    if nn {
                        vec!["Teneste", "Tiltak", "Kontakt"]
                    } else {
                        vec!["Tjeneste", "Tiltak", "Kontakt"]
                    },
                ],
            ),
            (
                DocumentKind::Evaluering,
                vec![
                    vec!["Nr.", "Mål", "Status", "Kommentar"],
                    if nn {
                        vec!["Nr.", "Tiltak", "Hyppigheit", "Konklusjon", "Kommentar"]
                    } else {
                        vec!["Nr.", "Tiltak", "Hyppighet", "Konklusjon", "Kommentar"]
                    },
                ],
            ),
        ] {
            let (date, generated) = e
                .generate(&c, &m, &saksdok::Request::new(kind))
                .unwrap_or_else(|err| panic!("{err}"));
            let doc = e.typeset(&generated[0].source, date).unwrap().document;
            for headers in tables {
                let n = assert_cells_hold_their_text(&doc, &headers, &format!("{kind} ({muni})"));
                assert!(n >= 8, "{kind} {headers:?}: only {n} runs checked");
            }
        }
    }
}
