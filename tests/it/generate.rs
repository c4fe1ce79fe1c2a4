use crate::common::{PROFILES, SAMPLES, case, engine, profile};
use saksdok::{DocumentKind, Engine};

/// Every sample case with every profile (so each is seen in bokmål and
/// nynorsk): the generated Typst source is snapshotted and parses cleanly.
#[test]
fn generated_source_snapshots() {
    let mut seen = 0;
    for (case_path, _) in SAMPLES {
        for (profile_path, &kind) in PROFILES
            .iter()
            .flat_map(|p| DocumentKind::ALL.iter().map(move |k| (p, k)))
        {
            let c = case(case_path);
            if !c.has_data_for(kind) {
                continue;
            }
            seen += 1;
            let mut m = profile(profile_path);
            // Only the Asker-like profile lists Askerguiden chapters; lend
            // them to the other so the guide is seen in nynorsk too.
            if m.profile.askerguiden_kapitler.is_empty() {
                m.profile.askerguiden_kapitler = profile("samples/kommuner/asker.yaml")
                    .profile
                    .askerguiden_kapitler;
            }
            let date = Engine::document_date(&c, kind, None).unwrap();
            let src = engine().source(&c, &m, kind, date).unwrap();
            let parsed = typst::syntax::parse(&src.text);
            assert!(
                parsed.errors_and_warnings().0.is_empty(),
                "{case_path} + {profile_path}: {:?}",
                parsed.errors_and_warnings().0
            );
            let name = format!(
                "{}__{}__{}",
                kind.name(),
                case_path
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .trim_end_matches(".yaml"),
                m.malform.code()
            );
            insta::assert_snapshot!(name, src.text);
        }
    }
    // Two velkomstbrev cases, three plans, one evaluation, two følgebrev
    // (the youth's letter), the Askerguiden protocol and its status and the
    // move-out plan, the work-practice agreement and reference, and the
    // cooperation agreement, each in bokmål and nynorsk.
    assert_eq!(seen, 28);
}

/// Variants the samples do not show directly: the «min plan» for an
/// institution stay, every checklist, and the guardian's følgebrev, each in
/// bokmål and nynorsk.
#[test]
fn variant_snapshots() {
    let institution = crate::common::read("samples/saker/alver-amina.yaml").replace(
        "  variant: ordinaer\n",
        "  variant: institusjon\n  institusjon: { navn: Fiktiv ungdomsheim }\n",
    );
    let institution =
        saksdok::case::parse_case(institution.as_bytes(), "amina-institusjon.yaml").unwrap();
    let dawit = case("samples/saker/alver-dawit.yaml");
    let amina = case("samples/saker/alver-amina.yaml");
    for profile_path in PROFILES {
        let m = profile(profile_path);
        let lang = m.malform.code();
        let kind = DocumentKind::Tiltaksplan;
        let date = Engine::document_date(&institution, kind, None).unwrap();
        let src = engine().source(&institution, &m, kind, date).unwrap();
        insta::assert_snapshot!(format!("tiltaksplan__institusjon__{lang}"), src.text);

        for list in ["ettervern", "plassering", "avslutning"] {
            let req = saksdok::Request {
                date: chrono::NaiveDate::from_ymd_opt(2026, 11, 23),
                checklist: Some(list),
                ..saksdok::Request::new(DocumentKind::Sjekkliste)
            };
            let out = engine()
                .render_request(&dawit, &m, &req, saksdok::OutputFormat::Typ)
                .unwrap();
            let text = String::from_utf8(out.files[0].bytes.clone()).unwrap();
            insta::assert_snapshot!(format!("sjekkliste__{list}__{lang}"), text);
        }

        let kind = DocumentKind::Folgebrev;
        let date = Engine::document_date(&amina, kind, None).unwrap();
        let req = saksdok::Request {
            date: Some(date),
            ..saksdok::Request::new(kind)
        };
        let letters = engine().sources(&amina, &m, &req).unwrap();
        assert_eq!(letters.len(), 3);
        let (name, verge) = &letters[1];
        assert!(name.ends_with("-verge"), "{name}");
        insta::assert_snapshot!(format!("folgebrev__alver-amina__verge__{lang}"), verge.text);
    }
}
