use crate::common::{PROFILES, SAMPLES, case, engine, profile};
use saksdok::DocumentKind;

/// Every sample case with every profile (so each is seen in bokmål and
/// nynorsk): the generated Typst source is snapshotted and parses cleanly.
#[test]
fn generated_source_snapshots() {
    let mut seen = std::collections::BTreeSet::new();
    for (case_path, _) in SAMPLES {
        for (profile_path, &kind) in PROFILES
            .iter()
            .flat_map(|p| DocumentKind::ALL.iter().map(move |k| (p, k)))
        {
            let c = case(case_path);
            if !kind.has_data(&c) {
                continue;
            }
            // Only the Asker-like profile lists Askerguiden chapters; lend
            // them to the other so the guide is seen in nynorsk too.
            let m = crate::common::profile_with(profile_path, |t| {
                if t.get("askerguiden_kapitler").is_none() {
                    t["askerguiden_kapitler"] = crate::common::tree_of(
                        "samples/kommuner/asker.yaml",
                    )["askerguiden_kapitler"]
                        .clone();
                }
            });
            let (_, src) = crate::common::source(&c, &m, kind);
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
            seen.insert((kind, m.malform.code()));
        }
    }
    // The agreement files, in both målformer.
    for path in [
        "samples/avtaler/asker-rotary.yaml",
        "samples/avtaler/alver-idrettslag.yaml",
        "samples/avtaler/alver-frivilligsentral.yaml",
    ] {
        let a = saksdok::case::parse_agreement(crate::common::read(path).as_bytes(), path).unwrap();
        for profile_path in PROFILES {
            let m = profile(profile_path);
            for kind in a.kinds() {
                let (_, docs) = engine().generate_agreement(&a, &m, kind, None).unwrap();
                let g = &docs[0];
                assert!(
                    typst::syntax::parse(&g.source.text)
                        .errors_and_warnings()
                        .0
                        .is_empty()
                );
                let stem = path.rsplit('/').next().unwrap().trim_end_matches(".yaml");
                let name = match kind {
                    DocumentKind::Samarbeidsavtale => {
                        format!("samarbeidsavtale__{stem}__{}", m.malform.code())
                    }
                    _ => format!("{}__{stem}__{}", kind.name(), m.malform.code()),
                };
                insta::assert_snapshot!(name, g.source.text);
            }
        }
    }
    // Every kind that takes its data from a case section has sample data,
    // and is seen in bokmål and in nynorsk (a new kind without samples
    // fails here; the checklists, which need no section, are below).
    for kind in DocumentKind::ALL.iter().filter(|k| k.section().is_some()) {
        for lang in ["nb", "nn"] {
            assert!(
                seen.contains(&(*kind, lang)),
                "no sample has data for {kind} ({lang})"
            );
        }
    }
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
        let (_, src) = crate::common::source(&institution, &m, kind);
        insta::assert_snapshot!(format!("tiltaksplan__institusjon__{lang}"), src.text);

        for list in [
            "ettervern",
            "plassering",
            "avslutning",
            "familierad",
            "nemndssak",
            "akuttarbeid",
        ] {
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
        let (_, letters) = engine()
            .generate(&amina, &m, &saksdok::Request::new(kind))
            .unwrap();
        assert_eq!(letters.len(), 3);
        let verge = &letters[1];
        let word = if lang == "nn" { "-verje" } else { "-verge" };
        assert!(verge.stem.ends_with(word), "{}", verge.stem);
        insta::assert_snapshot!(
            format!("folgebrev__alver-amina__verge__{lang}"),
            verge.source.text
        );
    }
}
