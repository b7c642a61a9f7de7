use super::*;
use crate::report::{lint_dockerfile, lint_dockerfile_policy, lint_with, LintOptions, SourceFile};

fn ids(d: &[crate::Diagnostic]) -> Vec<String> {
    d.iter().map(|x| x.rule_id.to_string()).collect()
}

#[test]
fn every_preset_parses_and_names_existing_rules() {
    for (name, version, text) in PRESETS {
        let p = Policy::parse(text).unwrap_or_else(|e| panic!("{name}@{version}: {e:?}"));
        assert!(Policy::preset(&format!("{name}@{version}")).is_some());
        assert!(Policy::preset(name).is_some());
        for id in p.rules.keys() {
            assert!(builtin(id).is_some(), "{name}: unknown rule {id}");
        }
        // the text lists rules by id, each one known
        for line in text.lines().filter(|l| l.starts_with("SWD")) {
            let id = line.split_whitespace().next().unwrap_or("");
            assert!(builtin(id).is_some(), "{name}@{version}: {id}");
        }
        let named = Policy::preset(&format!("{name}@{version}")).unwrap();
        assert_eq!(named.name, *name);
        assert_eq!(named.version, Some(*version));
    }
    assert!(Policy::preset("recommended@9").is_none());
    assert!(Policy::preset("nope").is_none());
}

#[test]
fn default_policy_is_the_latest_recommended_and_matches_the_rule_defaults() {
    let p = Policy::default();
    assert_eq!(p.label(), "recommended@2");
    assert_eq!(p, Policy::preset("recommended").unwrap());
    let text = preset_text("recommended@2").unwrap().0;
    for m in all_rules() {
        let listed = text.lines().any(|l| l.split_whitespace().next() == Some(m.id));
        let want = match (listed, m.target) {
            // listed rules run at their default severity; the version freezes the others off
            (true, _) => Level::of(m.severity),
            (false, Target::Dockerfile) => Level::Off,
            (false, Target::Compose) => {
                if m.default_on {
                    Level::of(m.severity)
                } else {
                    Level::Off
                }
            }
        };
        assert_eq!(p.rules[m.id].level, want, "{} {}", m.id, m.name);
        if listed {
            assert!(m.default_on, "{}: listed in recommended@1 but not default_on", m.id);
        }
    }
    let src = "FROM ubuntu\nRUN apt-get install -y curl\nMAINTAINER me\n";
    let mut defaults = lint_dockerfile(src);
    defaults.retain(|d| p.rules[d.rule_id.as_ref()].level != Level::Off);
    assert_eq!(defaults, lint_dockerfile_policy(src, &p, "Dockerfile"));
}

#[test]
fn presets_are_ordered_by_strictness() {
    let (min, rec, strict) =
        (Policy::preset("minimal").unwrap(), Policy::preset("recommended").unwrap(), Policy::preset("strict").unwrap());
    let on = |p: &Policy| p.rules.values().filter(|s| s.level != Level::Off).count();
    assert!(on(&min) < on(&rec) && on(&rec) < on(&strict));
    for (id, st) in &min.rules {
        if st.level != Level::Off {
            assert_ne!(rec.rules[id].level, Level::Off, "{id} in minimal but not recommended");
        }
    }
    for (id, st) in &rec.rules {
        if st.level != Level::Off {
            assert_ne!(strict.rules[id].level, Level::Off, "{id} in recommended but not strict");
        }
    }
    assert_eq!(strict.min_score, Some(80));
    assert!(strict.options.required_labels.contains_key("org.opencontainers.image.source"));
}

#[test]
fn team_file_layers_over_its_preset() {
    let p = Policy::parse(
        r#"
extends = "recommended@1"
failure-threshold = "error"
min-score = 75
[rules]
SWD205 = "warning"
missing-healthcheck = "off"
SWD101 = "error"
[options]
trusted-registries = ["docker.io", "*.gcr.io"]
[score]
warning = 10
categories = { security = 200 }
[[overrides]]
paths = ["legacy/**"]
rules = { SWD401 = "off" }
"#,
    )
    .unwrap();
    assert_eq!(p.extends.as_deref(), Some("recommended@1"));
    assert_eq!(p.rules["SWD205"].level, Level::Warning);
    assert_eq!(p.rules["SWD404"].level, Level::Off);
    assert_eq!(p.rules["SWD101"].level, Level::Error);
    assert_eq!(p.rules["SWD109"].level, Level::Error, "trusted registries turn DL3026 on");
    assert_eq!(p.rules["SWD109"].source, "options.trusted-registries");
    assert_eq!(p.failure_threshold, Threshold::Error);
    assert_eq!(p.min_score, Some(75));
    assert_eq!(p.score.weights.warning, 10);
    assert_eq!(p.score.factor(crate::Category::Security), 200);
    assert_eq!(p.level("SWD401", "legacy/a/Dockerfile"), Level::Off);
    assert_eq!(p.level("SWD401", "app/Dockerfile"), Level::Error);
    let src = "FROM ubuntu:22.04\n";
    assert!(ids(&lint_dockerfile_policy(src, &p, "app/Dockerfile")).contains(&"SWD401".to_string()));
    assert!(!ids(&lint_dockerfile_policy(src, &p, "legacy/Dockerfile")).contains(&"SWD401".to_string()));
    // severities come from the policy
    let d = lint_dockerfile_policy("FROM ubuntu\nUSER app\n", &p, "Dockerfile");
    assert!(d.iter().any(|x| x.rule_id == "SWD101" && x.severity == Severity::Error));
}

#[test]
fn a_pinned_version_ignores_rules_it_does_not_list() {
    // strict turns SWD103 on; a team pinned to recommended@1 does not get it, and
    // recommended@1 does not list the policy-driven label rules either.
    let p = Policy::parse("extends = \"recommended@1\"\n").unwrap();
    assert_eq!(p.rules["SWD103"].level, Level::Off);
    assert!(p.rules["SWD103"].source.contains("recommended@1"));
    let explicit = Policy::parse("extends = \"recommended@1\"\n[rules]\nSWD103 = \"on\"\n").unwrap();
    assert_eq!(explicit.rules["SWD103"].level, Level::Info);
}

#[test]
fn errors_have_positions_and_suggestions() {
    let e = Policy::parse("extends = \"recommended@1\"\n\n[options]\ntrusted-registrys = [\"x\"]\n").unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!((e[0].line, e[0].column), (4, 1));
    assert_eq!(e[0].help.as_deref(), Some("did you mean `trusted-registries`?"));

    let e = Policy::parse("[rules]\nSWD999 = \"off\"\nmissing-usr = \"off\"\nSWD101 = \"loud\"\n").unwrap_err();
    assert_eq!(e.len(), 3, "{e:?}");
    assert!(e[0].message.contains("SWD999") && e[0].line == 2);
    assert_eq!(e[1].help.as_deref(), Some("did you mean `missing-user`?"));
    assert!(e[2].message.contains("loud") && e[2].line == 4 && e[2].column == 10);

    let e = Policy::parse("extends = \"recomended@1\"\n").unwrap_err();
    assert_eq!(e[0].help.as_deref(), Some("did you mean `recommended@1`?"));

    let e = Policy::parse("rules = [1\n").unwrap_err();
    assert!(e[0].message.starts_with("invalid TOML"), "{e:?}");
    assert_eq!(e[0].line, 1);

    let e = Policy::parse("min-score = 101\nfailure-threshold = 3\n").unwrap_err();
    assert_eq!(e.len(), 2);
}

#[test]
fn from_spec_takes_a_preset_name_or_toml() {
    assert_eq!(Policy::from_spec("strict").unwrap().name, "strict");
    assert_eq!(Policy::from_spec("minimal@1").unwrap().label(), "minimal@1");
    assert_eq!(Policy::from_spec("min-score = 50").unwrap().min_score, Some(50));
    let e = Policy::from_spec("strikt").unwrap_err();
    assert_eq!(e[0].help.as_deref(), Some("did you mean `strict`?"));
}

#[test]
fn never_panics_on_bad_input() {
    let long = "a".repeat(MAX_POLICY_BYTES + 1);
    let deep = format!("x = {}", "[".repeat(5000));
    let inputs = [
        "",
        "=",
        "[",
        "[[custom-rules]]",
        "[[custom-rules]]\nid = 3",
        "rules = 3",
        "[rules]\nSWD101 = 3",
        "[options]\nrequired-labels = { a = \"colour\" }",
        "[score]\nerror = -1",
        "[score]\nerror = 1e9",
        "[[overrides]]\nrules = { SWD101 = \"off\" }",
        "overrides = 1",
        "custom-rules = [1]",
        "\u{0}\u{feff}",
        "[options.compose]\nx = { y = [1, 2.5, true, 1979-05-27] }",
        "[score]\ncap = 0xFF",
        long.as_str(),
        deep.as_str(),
    ];
    for i in inputs {
        let _ = Policy::parse(i);
        let _ = Policy::from_spec(i);
    }
    assert!(Policy::parse(&deep).is_err());
    // many errors: capped, and fast (no quadratic lookups)
    let many: String =
        "[rules]\n".to_string() + &(0..20_000).map(|i| format!("XRULE{i} = \"off\"\n")).collect::<String>();
    let e = Policy::parse(&many).unwrap_err();
    assert_eq!(e.len(), 50);
    assert!(e[49].message.starts_with("too many errors"), "{:?}", e[49]);
    let customs: String = (0..2_000)
        .map(|i| format!("[[custom-rules]]\nid = \"C{i}\"\nkind = \"forbid-instruction\"\ninstruction = \"ADD\"\nmessage = \"m\"\n"))
        .collect();
    assert_eq!(Policy::parse(&customs).unwrap().custom_rules.len(), 2_000);
    assert!(Policy::parse(&long).is_err());
}

#[test]
fn custom_rules_fire_and_do_not() {
    let p = Policy::parse(
        r#"
[[custom-rules]]
id = "ACME001"
name = "missing-team-label"
kind = "require-label"
label = "com.acme.team"
message = "Images must say which team owns them"
help = "Add LABEL com.acme.team=..."
severity = "error"
category = "maintainability"
url = "https://wiki.acme.example/docker#team"

[[custom-rules]]
id = "ACME002"
kind = "deny-base-images"
patterns = ["centos*", "*:latest"]
message = "Base image is not supported"
category = "security"

[[custom-rules]]
id = "ACME003"
kind = "forbid-instruction"
instruction = "ADD"
message = "ADD is forbidden"

[[custom-rules]]
id = "ACME004"
kind = "forbid-flag"
instruction = "RUN"
flag = "--network=host"
message = "No host network in builds"

[[custom-rules]]
id = "ACME005"
kind = "forbid-run-command"
pattern = "curl * | *sh"
message = "Do not pipe downloads to a shell"

[[custom-rules]]
id = "ACME006"
kind = "allow-base-images"
patterns = ["python", "registry.acme.example/*"]
message = "Use an approved base image"

[[custom-rules]]
id = "ACME007"
kind = "forbid-label"
label = "com.acme.internal.*"
message = "Internal labels must not ship"
"#,
    )
    .unwrap();
    let bad = "FROM centos:7\nADD a /a\nRUN --network=host make\nRUN curl -fsSL https://x |  sh\n\
               LABEL com.acme.internal.secret=1\n";
    let d = lint_dockerfile_policy(bad, &p, "Dockerfile");
    let got = ids(&d);
    for id in ["ACME001", "ACME002", "ACME003", "ACME004", "ACME005", "ACME006", "ACME007"] {
        assert_eq!(got.iter().filter(|x| *x == id).count(), 1, "{id} in {got:?}");
    }
    let team = d.iter().find(|x| x.rule_id == "ACME001").unwrap();
    assert_eq!(team.severity, Severity::Error);
    assert_eq!(team.rule_name, "missing-team-label");
    assert_eq!(d.iter().find(|x| x.rule_id == "ACME002").unwrap().category, crate::Category::Security);

    let good = "FROM python:3.12-slim\nLABEL com.acme.team=platform\nCOPY a /a\nRUN make\n";
    let d = lint_dockerfile_policy(good, &p, "Dockerfile");
    assert!(ids(&d).iter().all(|x| !x.starts_with("ACME")), "{d:#?}");

    // suppressions, rule levels and per-path overrides apply to custom rules too
    let suppressed = "# seaworthy-ignore=ACME003 vendored archive\nADD a /a\nFROM python:3\nLABEL com.acme.team=x\n";
    let d = lint_dockerfile_policy(&format!("FROM python:3\n{suppressed}"), &p, "Dockerfile");
    assert!(!ids(&d).contains(&"ACME003".to_string()), "{d:#?}");
    assert!(!ids(&d).contains(&"SWD092".to_string()), "the suppression is used: {d:#?}");

    // a suppression of a rule the policy turns off is not "unused"
    let off = Policy::parse("[rules]\nmissing-healthcheck = \"off\"\n").unwrap();
    let src = "FROM alpine:3.20\nUSER 1\n# seaworthy-ignore=missing-healthcheck no server\nCMD [\"true\"]\n";
    assert!(!ids(&lint_dockerfile_policy(src, &off, "Dockerfile")).contains(&"SWD092".to_string()));

    // the report carries the custom rule's url and scores it
    let report = lint_with(
        &[SourceFile { path: "Dockerfile".into(), content: bad.into(), kind: None }],
        &LintOptions { score_fixes: false, ..Default::default() },
        &p,
    );
    let rd = report.files[0].diagnostics.iter().find(|x| x.rule.id == "ACME001").unwrap();
    assert_eq!(rd.url, "https://wiki.acme.example/docker#team");
    assert!(report.files[0].score.deductions.iter().any(|x| x.rule == "ACME001"));
}

#[test]
fn custom_rule_errors() {
    let e = Policy::parse(
        "[[custom-rules]]\nid = \"SWD900\"\nkind = \"forbid-instruction\"\ninstruction = \"ADD\"\nmessage = \"m\"\n",
    )
    .unwrap_err();
    assert!(e[0].message.contains("reserved"), "{e:?}");
    let e =
        Policy::parse("[[custom-rules]]\nid = \"A1\"\nkind = \"forbid-instructions\"\nmessage = \"m\"\n").unwrap_err();
    assert_eq!(e[0].help.as_deref(), Some("did you mean `forbid-instruction`?"));
    let e = Policy::parse("[[custom-rules]]\nid = \"A1\"\nkind = \"require-label\"\nmessage = \"m\"\nlable = \"x\"\n")
        .unwrap_err();
    assert!(e.iter().any(|x| x.help.as_deref() == Some("did you mean `label`?")), "{e:?}");
    let two = "[[custom-rules]]\nid = \"A1\"\nkind = \"require-label\"\nlabel = \"x\"\nmessage = \"m\"\n";
    assert!(Policy::parse(&format!("{two}{two}")).is_err());
    // a custom rule can be turned off or re-graded like a built-in one
    let p = Policy::parse(&format!("{two}[rules]\nA1 = \"info\"\n")).unwrap();
    assert_eq!(p.rules["A1"].level, Level::Info);
}

#[test]
fn compose_custom_rules_on_yaml_free_input() {
    use custom::{check_compose, ComposeKey, ComposeService};
    let p = Policy::parse(
        r#"
[[custom-rules]]
id = "C1"
kind = "require-compose-key"
key = "deploy.resources.limits.memory"
message = "Set a memory limit"
[[custom-rules]]
id = "C2"
kind = "forbid-compose-value"
key = "privileged"
value = "true"
message = "No privileged services"
[[custom-rules]]
id = "C3"
kind = "forbid-compose-key"
key = "network_mode"
message = "No network_mode"
[[custom-rules]]
id = "C4"
kind = "require-compose-value"
key = "restart"
value = "*unless-stopped*"
message = "Restart unless stopped"
"#,
    )
    .unwrap();
    let key = |path: &str, value: Option<&str>, at: usize| ComposeKey {
        path: path.into(),
        value: value.map(str::to_string),
        span: Span::new(at, at + 1),
    };
    let services = vec![
        ComposeService {
            name: "web".into(),
            span: Span::new(0, 3),
            keys: vec![
                key("deploy.resources.limits.memory", Some("512m"), 10),
                key("restart", Some("unless-stopped"), 20),
            ],
        },
        ComposeService {
            name: "db".into(),
            span: Span::new(30, 32),
            keys: vec![key("privileged", Some("true"), 40), key("network_mode", Some("host"), 50)],
        },
    ];
    let rules: Vec<&CustomRule> = p.custom_rules.iter().collect();
    let d = check_compose(&services, &rules);
    let got: Vec<(String, usize)> = d.iter().map(|x| (x.rule_id.to_string(), x.span.start)).collect();
    assert_eq!(
        got,
        [("C1".to_string(), 30), ("C2".to_string(), 40), ("C3".to_string(), 50), ("C4".to_string(), 30)],
        "{d:#?}"
    );
    assert!(check_compose(&services[..1], &rules).is_empty());
}

#[test]
fn show_round_trips() {
    for spec in ["recommended", "strict", "minimal"] {
        let p = Policy::preset(spec).unwrap();
        let text = p.to_toml();
        let again = Policy::parse(&text).unwrap_or_else(|e| panic!("{spec}: {e:?}\n{text}"));
        for (id, st) in &p.rules {
            assert_eq!(again.rules[id].level, st.level, "{spec}: {id}");
        }
        assert_eq!(again.options, p.options);
        assert_eq!(again.score, p.score);
        assert_eq!(again.failure_threshold, p.failure_threshold);
        assert_eq!(again.min_score, p.min_score);
    }
}

#[test]
fn policy_serde_round_trips() {
    let p = Policy::preset("strict").unwrap();
    let json = serde_json::to_string(&p).unwrap();
    let back: Policy = serde_json::from_str(&json).unwrap();
    for (id, st) in &p.rules {
        assert_eq!(back.rules[id].level, st.level);
    }
}

proptest::proptest! {
    #[test]
    fn parsing_never_panics(text in "[\\[\\]{}=,.\"'#a-z0-9_\\- \n@*]{0,300}") {
        let _ = Policy::parse(&text);
        let _ = Policy::from_spec(&text);
        let _ = hadolint::import(&text);
    }

    #[test]
    fn parsing_policy_shaped_text_never_panics(
        key in proptest::sample::select(vec!["extends", "rules", "options", "score", "failure-threshold", "min-score", "custom-rules", "overrides"]),
        value in "[\\[\\]{}=,\"a-z0-9 .\\-]{0,60}",
    ) {
        let _ = Policy::parse(&format!("{key} = {value}\n"));
        let _ = Policy::parse(&format!("[{key}]\nx = {value}\n"));
        let _ = Policy::parse(&format!("[[{key}]]\nid = {value}\n"));
    }
}

#[cfg(feature = "schema")]
#[test]
fn the_json_schema_and_the_parser_know_the_same_keys() {
    let schema: serde_json::Value = serde_json::from_str(&schema::policy_schema_json()).unwrap();
    let props = |v: &serde_json::Value| -> Vec<String> {
        let mut k: Vec<String> = v["properties"].as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    let sorted = |k: &[&str]| {
        let mut v: Vec<String> = k.iter().map(|s| s.to_string()).collect();
        v.sort();
        v
    };
    let defs = &schema["definitions"];
    assert_eq!(props(&schema), sorted(parse::TOP_KEYS));
    assert_eq!(props(&defs["OptionsFile"]), sorted(parse::OPTION_KEYS));
    assert_eq!(props(&defs["ComposeOptionsFile"]), sorted(parse::COMPOSE_OPTION_KEYS));
    assert_eq!(props(&defs["ScoreFile"]), sorted(parse::SCORE_KEYS));
    assert_eq!(props(&defs["OverrideFile"]), sorted(parse::OVERRIDE_KEYS));
    assert_eq!(props(&defs["CustomRuleFile"]), sorted(parse::CUSTOM_KEYS));
    let mut kinds: Vec<String> =
        defs["CustomKind"]["enum"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
    kinds.sort();
    assert_eq!(kinds, sorted(parse::CUSTOM_KINDS));
}

#[test]
fn fixes_follow_the_policy_and_its_overrides() {
    use crate::report::fix_source_with;
    use crate::FileKind;
    let src = "FROM alpine:3.20\nMAINTAINER me\n";
    let p =
        Policy::parse("[[overrides]]\npaths = [\"vendor/**\"]\nrules = { maintainer-deprecated = \"off\" }\n").unwrap();
    let fixed = fix_source_with(src, Some(FileKind::Dockerfile), false, &p, "app/Dockerfile");
    assert!(fixed.output.contains("org.opencontainers.image.authors"), "{}", fixed.output);
    let kept = fix_source_with(src, Some(FileKind::Dockerfile), false, &p, "vendor/x/Dockerfile");
    assert_eq!(kept.output, src);
}

#[test]
fn compose_options_are_typed_and_change_findings() {
    use crate::report::{lint_source_with, FileKind};
    // errors: position and did-you-mean, wrong types, bad sizes
    let e =
        Policy::parse("[options.compose]\ntrusted-registry = [\"x\"]\nmax-log-size = \"big\"\nmax-log-files = \"3\"\n")
            .unwrap_err();
    assert_eq!(e.len(), 3, "{e:?}");
    assert_eq!((e[0].line, e[0].column), (2, 1));
    assert_eq!(e[0].help.as_deref(), Some("did you mean `trusted-registries`?"));
    assert!(e[1].message.contains("max-log-size") && e[1].line == 3, "{e:?}");
    assert!(e[2].message.contains("integer") && e[2].line == 4, "{e:?}");
    // options turn their rules on and sharpen others
    let src = "services:\n  web:\n    image: ghcr.io/acme/web:1.2\n    restart: always\n    ports: [\"10.9.0.1:80:80\"]\n    logging: {options: {max-size: 1g, max-file: \"3\"}}\n";
    let plain = ids(&lint_source_with(src, Some(FileKind::Compose), &Policy::default(), "compose.yaml"));
    let text = "[options.compose]\ntrusted-registries = [\"docker.io\"]\nrestart-policies = [\"unless-stopped\"]\nmax-log-size = \"10m\"\nrequired-labels = [\"team\"]\nallowed-host-ips = [\"127.0.0.1\"]\n";
    let p = Policy::parse(text).unwrap();
    assert_eq!(p.rules["SWC509"].source, "options.compose.allowed-images");
    let with = ids(&lint_source_with(src, Some(FileKind::Compose), &p, "compose.yaml"));
    let added: Vec<&String> = with.iter().filter(|i| !plain.contains(i)).collect();
    for id in ["SWC509", "SWC510", "SWC403", "SWC405", "SWC201"] {
        assert!(with.contains(&id.to_string()), "{id} missing: {with:?} (without options: {plain:?})");
    }
    assert!(added.len() >= 2, "{added:?}");
    assert!(!plain.contains(&"SWC201".to_string()) && !plain.contains(&"SWC509".to_string()));
    // `policy show` round-trips the compose options
    let shown = p.to_toml();
    assert!(shown.contains("[options.compose]") && shown.contains("max-log-size = \"10m\""), "{shown}");
    assert_eq!(Policy::parse(&shown).unwrap().options.compose, p.options.compose);
}

#[test]
fn key_index_finds_every_key_and_the_last_value_of_a_repeated_one() {
    let idx = KeyIndex::new(vec![
        ("b".to_string(), 1),
        ("a".to_string(), 2),
        ("c".to_string(), 3),
        ("a".to_string(), 4),
        ("ab".to_string(), 5),
    ]);
    assert_eq!(idx.get("a"), Some(&4), "the last value given for a key wins, as in a map");
    assert_eq!(idx.get("ab"), Some(&5));
    assert_eq!(idx.get("b"), Some(&1));
    assert_eq!(idx.get("c"), Some(&3));
    for missing in ["", "0", "aa", "abc", "bb", "d"] {
        assert_eq!(idx.get(missing), None, "{missing}");
    }
    assert_eq!(KeyIndex::<u8>::new(Vec::new()).get("a"), None);
    // every built-in rule by id and by name, in any case
    for m in all_rules() {
        assert_eq!(builtin(&m.id.to_ascii_lowercase()).map(|r| r.id), Some(m.id));
        assert_eq!(builtin(&m.name.to_ascii_uppercase()).map(|r| r.id), Some(m.id));
    }
    assert!(builtin("SWD9999").is_none());
}
