//! The JSON Schemas of the case file and the profile: kept in `schema/`, up
//! to date with the model, and every sample is valid against them.

use crate::common::{PROFILES, SAMPLES, read, root, saksdok, tree_of};

fn check_up_to_date(file: &str, what: &str, schema: serde_json::Value) {
    let expected = format!("{}\n", serde_json::to_string_pretty(&schema).unwrap());
    assert_eq!(
        read(file),
        expected,
        "{file} is out of date: run `saksdok schema {what} > {file}`"
    );
    let o = saksdok(&["schema", what]);
    assert!(o.status.success());
    assert_eq!(String::from_utf8(o.stdout).unwrap(), expected);
}

#[test]
fn the_schemas_in_the_repository_are_up_to_date() {
    check_up_to_date(
        "schema/case.schema.json",
        "case",
        saksdok::case::case_schema(),
    );
    check_up_to_date(
        "schema/profile.schema.json",
        "profile",
        saksdok::case::profile_schema(),
    );
    check_up_to_date(
        "schema/agreement.schema.json",
        "agreement",
        saksdok::case::agreement_schema(),
    );
}

fn validator(file: &str) -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(&read(file)).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn errors(v: &jsonschema::Validator, tree: &serde_json::Value) -> Vec<String> {
    v.iter_errors(tree)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn every_sample_is_valid_and_names_its_schema() {
    let cases = validator("schema/case.schema.json");
    let profiles = validator("schema/profile.schema.json");
    let agreements = validator("schema/agreement.schema.json");
    for (file, v, schema) in SAMPLES
        .iter()
        .map(|(c, _)| (*c, &cases, "case"))
        .chain(PROFILES.iter().map(|p| (*p, &profiles, "profile")))
        .chain(
            [
                "samples/avtaler/asker-rotary.yaml",
                "samples/avtaler/alver-idrettslag.yaml",
            ]
            .into_iter()
            .map(|a| (a, &agreements, "agreement")),
        )
    {
        let errs = errors(v, &tree_of(file));
        assert!(errs.is_empty(), "{file}: {errs:?}");
        let first = read(file).lines().next().unwrap().to_owned();
        let header = format!("# yaml-language-server: $schema=../../schema/{schema}.schema.json");
        assert_eq!(first, header, "{file}");
        let referenced = root().join("samples/saker").join("../../schema");
        assert!(referenced.join(format!("{schema}.schema.json")).exists());
    }
}

/// The schema is not vacuous: a misspelt key, a value outside its set, a
/// date that is no date and a missing required field are all found.
#[test]
fn the_schema_finds_what_the_loader_refuses() {
    let cases = validator("schema/case.schema.json");
    let sample = "samples/saker/alver-amina.yaml";
    type Edit = fn(&mut serde_json::Value);
    let edits: [(&str, Edit); 4] = [
        ("/ungdom/fodseldato", |t| {
            t["ungdom"]["fodseldato"] = "2010-03-01".into();
        }),
        ("/tiltaksplan/variant", |t| {
            t["tiltaksplan"]["variant"] = "vanlig".into();
        }),
        ("/bosetting/dato", |t| {
            t["bosetting"]["dato"] = "neste fredag".into();
        }),
        ("/saksnummer", |t| {
            t.as_object_mut().unwrap().remove("saksnummer");
        }),
    ];
    for (what, edit) in edits {
        let mut tree = tree_of(sample);
        edit(&mut tree);
        assert!(
            !errors(&cases, &tree).is_empty(),
            "{what} passes the schema"
        );
        assert!(
            saksdok::case::parse_case(tree.to_string().as_bytes(), "sak.yaml").is_err(),
            "{what} passes the loader"
        );
    }
}
