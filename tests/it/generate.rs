use crate::common::{PROFILES, SAMPLES, case, engine, profile};
use saksdok::{DocumentKind, Engine};

/// Every sample case with every profile (so each is seen in bokmål and
/// nynorsk): the generated Typst source is snapshotted and parses cleanly.
#[test]
fn generated_source_snapshots() {
    for (case_path, _) in SAMPLES {
        for profile_path in PROFILES {
            let c = case(case_path);
            let m = profile(profile_path);
            let kind = DocumentKind::Velkomstbrev;
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
}
