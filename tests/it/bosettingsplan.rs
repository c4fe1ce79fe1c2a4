//! The bosettingsplan: the municipality's routine for the type of housing,
//! dated from the settlement date (never on a weekend or holiday), with
//! names and roles, done and overdue steps, and the routine's own date.

use saksdok::{DocumentKind, OutputFormat, Request};

use crate::common::{engine, pdf_text, read, refused, render_in_tmp, saksdok, squash};

/// The plan of `case_yaml` under `profile_yaml`, dated `date`: its text
/// and the warnings.
fn plan(case_yaml: &str, profile_yaml: &str, date: &str) -> (String, Vec<saksdok::Diagnostic>) {
    let c = saksdok::case::parse_case(case_yaml.as_bytes(), "sak.yaml")
        .unwrap_or_else(|e| panic!("{e}"));
    let m = saksdok::case::parse_profile(profile_yaml.as_bytes(), "kommune.yaml")
        .unwrap_or_else(|e| panic!("{e}"));
    saksdok::case::check_with_profile(&c, &m).unwrap_or_else(|e| panic!("{e}"));
    let req = Request {
        date: Some(chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap()),
        ..Request::new(DocumentKind::Bosettingsplan)
    };
    let out = engine()
        .render_request(&c, &m, &req, OutputFormat::Pdf)
        .unwrap_or_else(|e| panic!("{e}"));
    (pdf_text(&out.files[0].bytes), out.warnings)
}

fn has(text: &str, needle: &str) -> bool {
    squash(text).contains(&squash(needle))
}

#[test]
fn the_plan_dates_every_step_from_the_settlement_with_names_and_roles() {
    let (text, warnings) = plan(
        &read("samples/saker/asker-yonas.yaml"),
        &read("samples/kommuner/asker.yaml"),
        "2026-11-20",
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    for want in [
        "Bosettingsplan",
        "Yonas Tesfamariam",
        "Bofellesskap med døgnbemanning",
        "Bofellesskapet Fiktivtunet",
        "mandag 7. desember 2026",
        // Settled Monday 7 December: 4 weeks before is 9 November.
        "09.11.2026 4 uker før Søke skoleplass",
        "Henrik Fjell, saksbehandler",
        // The role the case names: `leder` is Tone Brekke.
        "Tone Brekke, avdelingsleder",
        "07.12.2026 ankomstdagen Ta imot ungdommen",
        "Sigrid Mjøs, særkontakt",
        // One month after 7 December is Thursday 7 January.
        "07.01.2027 1 måned etter Lage tiltaksplanen",
        // Done, with its date.
        "05.11.2026",
        "Rutinen for bosetting ble sist revidert 2. mars 2026.",
    ] {
        assert!(has(&text, want), "{want:?} missing:\n{text}");
    }
    // The step 4 weeks before that is not done is overdue on 20 November.
    assert!(has(&text, "1 steg har passert fristen"), "{text}");
    assert_eq!(text.matches("Forfalt").count(), 2, "{text}"); // the note and the step
    assert!(!has(&text, "skal evalueres"));
}

#[test]
fn a_step_that_would_fall_on_a_weekend_or_holiday_moves_to_the_working_day_before() {
    // Settled Thursday 18 March 2027 (Easter Sunday is 28 March): a week
    // after is Maundy Thursday, 25 March, so the step is due Wednesday 24;
    // a month after is Sunday 18 April, so Friday 16 April.
    let case =
        read("samples/saker/asker-yonas.yaml").replace("dato: 2026-12-07", "dato: 2027-03-18");
    let (text, _) = plan(&case, &read("samples/kommuner/asker.yaml"), "2027-02-01");
    assert!(
        has(&text, "24.03.2027 1 uke etter Opprette bankkonto"),
        "{text}"
    );
    assert!(
        has(&text, "16.04.2027 1 måned etter Lage tiltaksplanen"),
        "{text}"
    );
    assert!(
        !text.contains("25.03.2027") && !text.contains("18.04.2027"),
        "{text}"
    );
    // 4 weeks before is Thursday 18 February (a working day).
    assert!(has(&text, "18.02.2027 4 uker før"), "{text}");
    // Nothing overdue before the first step.
    assert!(!text.contains("Forfalt"), "{text}");
}

#[test]
fn nynorsk_plan_with_an_old_routine_warns_and_says_so_on_the_plan() {
    let profile =
        read("samples/kommuner/alver.yaml").replace("revidert: 2026-01-12", "revidert: 2025-09-15");
    let (text, warnings) = plan(
        &read("samples/saker/alver-amina.yaml"),
        &profile,
        "2026-12-14",
    );
    for want in [
        "Busetjingsplan",
        "Amina Rahimi",
        "Bufellesskap",
        "Kven gjer kva",
        "ankomstdagen",
        "1 veke etter",
        "Kari Vikøy, særkontakt",
        "Ola Lie, sakshandsamar",
        "Rutinen for busetjing vart sist revidert 15. september 2025.",
        "Rutinen er eldre enn eitt år og skal evaluerast.",
    ] {
        assert!(has(&text, want), "{want:?} missing:\n{text}");
    }
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = &warnings[0];
    assert_eq!(w.code, saksdok::diagnostic::Code::RoutineDue);
    assert_eq!(w.field.as_deref(), Some("bosetting_rutine.revidert"));
    assert!(w.loc.is_some());
}

#[test]
fn frister_lists_a_routine_due_for_evaluation_until_it_is_done() {
    let dir = tempfile::tempdir().unwrap();
    let saker = dir.path().join("saker");
    let kommuner = dir.path().join("kommuner");
    std::fs::create_dir_all(&saker).unwrap();
    std::fs::create_dir_all(&kommuner).unwrap();
    std::fs::write(
        saker.join("sak.yaml"),
        read("samples/saker/alver-amina.yaml"),
    )
    .unwrap();
    std::fs::write(
        kommuner.join("alver.yaml"),
        read("samples/kommuner/alver.yaml").replace("revidert: 2026-01-12", "revidert: 2025-09-15"),
    )
    .unwrap();
    let file = saker.join("sak.yaml");
    let o = saksdok(&[
        "frister",
        file.to_str().unwrap(),
        "--fra",
        "2026-12-01",
        "--csv",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = String::from_utf8_lossy(&o.stdout);
    // Due 15 September 2026, before the day asked from, and still listed.
    assert!(
        out.contains("2026-09-15,2026/0211,Amina Rahimi,rutine_evaluering,Rutinen for busetjing skal evaluerast"),
        "{out}"
    );
}

#[test]
fn a_housing_type_the_profile_lacks_is_a_located_error() {
    let case = read("samples/saker/asker-yonas.yaml")
        .replace("boligtype: bofellesskap", "boligtype: hybel");
    let err = refused(
        &case,
        &read("samples/kommuner/asker.yaml"),
        "bosettingsplan",
        &[],
    );
    assert!(err.contains("sak.yaml:"), "{err}");
    assert!(err.contains("bosettingsplan.boligtype"), "{err}");
    assert!(err.contains("no type of housing `hybel`"), "{err}");
    assert!(err.contains("bofellesskap, bolig_med_oppfolging"), "{err}");
    // `check` refuses it too, without rendering anything.
    let run = render_in_tmp(
        &case,
        &read("samples/kommuner/asker.yaml"),
        "velkomstbrev",
        &[],
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
}

#[test]
fn a_role_no_one_holds_and_a_step_the_routine_lacks_are_located_errors() {
    let case = read("samples/saker/asker-yonas.yaml")
        .replace(
            "    - { rolle: leder, ansatt: tb }\n",
            "    - { rolle: vaktmester, ansatt: tb }\n",
        )
        .replace("{ steg: skoleplass,", "{ steg: skuleplass,");
    let err = refused(
        &case,
        &read("samples/kommuner/asker.yaml"),
        "bosettingsplan",
        &[],
    );
    assert!(
        err.contains("the role `leder`, and the case names no one for it"),
        "{err}"
    );
    assert!(err.contains("rolle: leder, ansatt: <staff id>"), "{err}");
    assert!(err.contains("no step `skuleplass`"), "{err}");
    assert!(err.contains("bosettingsplan.utfort"), "{err}");
}

#[test]
fn a_plan_without_a_settlement_or_a_profile_without_a_routine_is_refused() {
    let case = read("samples/saker/asker-yonas.yaml");
    let start = case.find("bosetting:\n").unwrap();
    let end = start + case[start..].find("\n\n").unwrap();
    let no_settlement = format!("{}{}", &case[..start], &case[end..]);
    let err = refused(
        &no_settlement,
        &read("samples/kommuner/asker.yaml"),
        "bosettingsplan",
        &[],
    );
    assert!(err.contains("has no `bosetting`"), "{err}");
    let profile = read("samples/kommuner/asker.yaml");
    let cut = profile.find("bosetting_rutine:").unwrap();
    let err = refused(&case, &profile[..cut], "bosettingsplan", &[]);
    assert!(err.contains("kommune.yaml"), "{err}");
    assert!(err.contains("bosetting_rutine"), "{err}");
}

#[test]
fn a_profile_routine_with_a_step_id_twice_is_refused() {
    let profile = read("samples/kommuner/asker.yaml")
        .replace("        - id: fastlege\n", "        - id: skoleplass\n");
    let err = saksdok::case::parse_profile(profile.as_bytes(), "kommune.yaml")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("the step id `skoleplass` is used twice"),
        "{err}"
    );
    assert!(err.contains("kommune.yaml:"), "{err}");
}

#[test]
fn the_helseplan_dates_the_health_routine_and_carries_its_own_marking() {
    let c = saksdok::case::parse_case(
        read("samples/saker/asker-yonas.yaml").as_bytes(),
        "sak.yaml",
    )
    .unwrap();
    let m = saksdok::case::parse_profile(
        read("samples/kommuner/asker.yaml").as_bytes(),
        "kommune.yaml",
    )
    .unwrap();
    let out = engine()
        .render(&c, &m, DocumentKind::Helseplan, None, OutputFormat::Pdf)
        .unwrap_or_else(|e| panic!("{e}"));
    let text = pdf_text(&out.files[0].bytes);
    for want in [
        "Helseplan",
        // The health routine's marking in the header, not the profile's general one.
        "offl. § 13 jf. fvl. § 13 første ledd nr. 1",
        "21.12.2026 2 uker etter Tuberkulosekontroll",
        "12.11.2026",
        "Sigrid Mjøs, særkontakt",
        "Den gis bare til ungdommen og vergen.",
        "ikke en journal",
    ] {
        assert!(has(&text, want), "{want:?} missing:\n{text}");
    }
    assert!(!text.contains("bvl. § 13-1"), "{text}");
    // A step marked done that the routine lacks is a located error.
    let case =
        read("samples/saker/asker-yonas.yaml").replace("{ steg: fastlege,", "{ steg: fastlegen,");
    let err = refused(
        &case,
        &read("samples/kommuner/asker.yaml"),
        "helseplan",
        &[],
    );
    assert!(
        err.contains("the health routine in") && err.contains("no step `fastlegen`"),
        "{err}"
    );
    assert!(err.contains("helseplan.utfort"), "{err}");
    // No routine in the profile.
    let profile = read("samples/kommuner/asker.yaml");
    let cut = profile.find("# The health follow-up routine").unwrap();
    let err = refused(
        &read("samples/saker/asker-yonas.yaml"),
        &profile[..cut],
        "helseplan",
        &[],
    );
    assert!(
        err.contains("no health routine") && err.contains("helse_rutine"),
        "{err}"
    );
}

#[test]
fn samarbeid_med_verge_has_the_routines_tasks_the_contacts_the_meetings_and_the_18th_birthday() {
    let c = saksdok::case::parse_case(
        read("samples/saker/asker-yonas.yaml").as_bytes(),
        "sak.yaml",
    )
    .unwrap();
    let m = saksdok::case::parse_profile(
        read("samples/kommuner/asker.yaml").as_bytes(),
        "kommune.yaml",
    )
    .unwrap();
    let out = engine()
        .render(
            &c,
            &m,
            DocumentKind::Vergesamarbeid,
            None,
            OutputFormat::Pdf,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let text = pdf_text(&out.files[0].bytes);
    for want in [
        "Samarbeid med verge",
        "Ingrid Haugland",
        "Dette gjør vergen",
        "Skriver under på søknader og samtykker",
        "Dette gjør barnevernstjenesten",
        "Sigrid Mjøs",
        "Henrik Fjell",
        "10. desember 2026",
        "Første møte: roller og oppgaver",
        // Born 15 June 2009.
        "Yonas fyller 18 år 15. juni 2027. Da slutter vergemålet",
    ] {
        assert!(has(&text, want), "{want:?} missing:\n{text}");
    }
    // Without a guardian the section is refused, located.
    let case = read("samples/saker/asker-yonas.yaml");
    let start = case.find("verge:\n").unwrap();
    let end = start + case[start..].find("\n\n").unwrap();
    let err = refused(
        &format!("{}{}", &case[..start], &case[end..]),
        &read("samples/kommuner/asker.yaml"),
        "vergesamarbeid",
        &[],
    );
    assert!(err.contains("has no `verge`"), "{err}");
}

#[test]
fn the_saerkontakts_assignment_follows_the_variant_of_the_routine() {
    let m = saksdok::case::parse_profile(
        read("samples/kommuner/asker.yaml").as_bytes(),
        "kommune.yaml",
    )
    .unwrap();
    let render = |path: &str| {
        let c = saksdok::case::parse_case(read(path).as_bytes(), "sak.yaml").unwrap();
        let out = engine()
            .render(
                &c,
                &m,
                DocumentKind::Oppdragsbeskrivelse,
                None,
                OutputFormat::Pdf,
            )
            .unwrap_or_else(|e| panic!("{e}"));
        pdf_text(&out.files[0].bytes)
    };
    let housing = render("samples/saker/asker-yonas.yaml");
    for want in [
        "Oppdragsbeskrivelse for særkontakt",
        "Sigrid Mjøs",
        "Ungdom i bofellesskap",
        "minst én gang i uken",
        "Gå gjennom Askerguiden kapittel for kapittel",
        "Du dokumenterer i Gerica",
        "Askerguiden: 4 av 10 kapitler er ferdige",
        "Henrik Fjell",
    ] {
        assert!(has(&housing, want), "{want:?} missing:\n{housing}");
    }
    let aftercare = render("samples/saker/alver-dawit.yaml");
    assert!(has(&aftercare, "Ettervern etter utflytting"), "{aftercare}");
    assert!(
        has(
            &aftercare,
            "besøker ungdommen hjemme minst én gang i måneden"
        ),
        "{aftercare}"
    );
    assert!(!has(&aftercare, "minst én gang i uken"), "{aftercare}");
    // An unknown variant is a located error.
    let case =
        read("samples/saker/asker-yonas.yaml").replace("variant: bofellesskap", "variant: hybel");
    let err = refused(
        &case,
        &read("samples/kommuner/asker.yaml"),
        "oppdragsbeskrivelse",
        &[],
    );
    assert!(
        err.contains("oppdragsbeskrivelse.variant") && err.contains("bofellesskap, ettervern"),
        "{err}"
    );
}
