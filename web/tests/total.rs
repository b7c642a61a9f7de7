//! Property tests: the playground's pure functions are total on any text (no panics), and
//! what they produce stays inside the text.
use proptest::prelude::*;
use seaworthy::Severity;
use seaworthy_web::highlight::{lines, tokens, Lang, Mark};
use seaworthy_web::{checks, share};

fn text() -> impl Strategy<Value = String> {
    // Dockerfile/YAML-ish pieces mixed with arbitrary characters.
    let piece = prop_oneof![
        Just("FROM ".to_string()),
        Just("RUN ".to_string()),
        Just("\\\n".to_string()),
        Just("<<EOF\n".to_string()),
        Just("EOF\n".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("${".to_string()),
        Just("- ".to_string()),
        Just(": ".to_string()),
        Just("#".to_string()),
        Just("\t".to_string()),
        Just("\n".to_string()),
        Just("é😀".to_string()),
        "[ -~]{0,6}",
        any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn highlighting_and_checks_are_total(src in text(), a in 0usize..300, b in 0usize..300) {
        for lang in [Lang::Dockerfile, Lang::Yaml, Lang::Env, Lang::Plain] {
            let t = tokens(&src, lang);
            prop_assert!(t.windows(2).all(|w| w[0].end <= w[1].start));
            prop_assert!(t.iter().all(|x| x.start < x.end && src.get(x.start..x.end).is_some()));
            let marks = [Mark { start: a, end: b, severity: Severity::Warning }];
            let ls = lines(&src, &t, &marks);
            let joined: Vec<String> = ls.iter().map(|l| l.iter().map(|p| p.text).collect()).collect();
            let expected: Vec<String> =
                src.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l).to_string()).collect();
            prop_assert_eq!(joined, expected);
        }
        for p in checks::yaml_problems(&src) {
            prop_assert!(p.start < p.end && p.start <= src.len());
        }
        let _ = checks::not_a_dockerfile(&src);
        let _ = share::decode(&src);
    }
}
