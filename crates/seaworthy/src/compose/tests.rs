use super::*;
use crate::yaml::parse;

fn svc(doc: &Document) -> NodeId {
    let m = Model::build(doc);
    m.services[0].node()
}

#[test]
fn ports_short_long_ranges_ip() {
    let src = "services:\n  web:\n    ports:\n      - 80\n      - \"8080:80\"\n      - 127.0.0.1:9000-9002:9000-9002/udp\n      - \"[::1]:53:53\"\n      - ${IP:-127.0.0.1}:81:81\n      - $HOST:$PORT:1025\n      - target: 443\n        published: \"8443\"\n        host_ip: 0.0.0.0\n";
    let doc = parse(src);
    let p = ports(&doc, svc(&doc));
    assert_eq!(p.len(), 7);
    assert_eq!(p[0].bound_to_all(), Some(true));
    assert_eq!(p[0].published, None);
    assert_eq!(p[1].bound_to_all(), Some(true));
    assert_eq!(p[1].published_range(), Some((8080, 8080)));
    assert_eq!(p[2].bound_to_all(), Some(false));
    assert_eq!(p[2].published_range(), Some((9000, 9002)));
    assert_eq!(p[2].protocol, "udp");
    assert_eq!(p[3].bound_to_all(), Some(false));
    assert_eq!(p[4].bound_to_all(), Some(false));
    assert!(p[4].host_ip.as_ref().unwrap().is_assumed());
    assert_eq!(p[5].bound_to_all(), None);
    assert_eq!(p[6].bound_to_all(), Some(true));
    assert_eq!(p[6].published_range(), Some((8443, 8443)));
}

#[test]
fn mounts_env_deps_caps_images() {
    let src = "services:\n  web:\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n      - data:/data\n      - ./src:/app:rshared\n      - type: bind\n        source: /etc\n        target: /host-etc\n        read_only: true\n    environment:\n      - A=1\n      - B\n    depends_on: [db]\n    cap_add: [cap_sys_admin]\n";
    let doc = parse(src);
    let s = svc(&doc);
    let m = mounts(&doc, s);
    assert_eq!(m.len(), 4);
    assert_eq!(m[0].kind, MountKind::Bind);
    assert!(m[0].read_only);
    assert_eq!(m[1].kind, MountKind::Volume);
    assert_eq!(m[2].propagation.as_deref(), Some("rshared"));
    assert!(m[3].read_only && m[3].kind == MountKind::Bind);
    let env = key_values(&doc, doc.get(s, "environment").unwrap());
    assert_eq!(env[0].name, "A");
    assert_eq!(env[0].value_span.unwrap().text(src), "1");
    assert_eq!(env[1].value, None);
    let d = depends_on(&doc, s);
    assert_eq!((d[0].name, d[0].long), ("db", false));
    assert_eq!(normalise_cap("cap_sys_admin"), "SYS_ADMIN");
    let i = parse_image("registry:5000/team/app:1.2@sha256:abc");
    assert_eq!((i.name, i.tag, i.digest), ("registry:5000/team/app", Some("1.2"), Some("sha256:abc")));
    assert_eq!(parse_image("localhost:5000/app").tag, None);
}

#[test]
fn env_files_ulimits_healthchecks_limits_builds() {
    let src = "services:\n  web:\n    env_file: [.env, {path: ./opt.env, required: false}]\n    ulimits:\n      nproc: 65535\n      nofile: {soft: 1024, hard: 4096}\n    healthcheck:\n      test: [CMD-SHELL, \"curl -f x\"]\n      interval: 10s\n    mem_limit: 1g\n    deploy: {resources: {limits: {memory: 2g, cpus: \"0.5\"}}}\n    build: {context: ./app, target: prod}\n  db:\n    env_file: db.env\n    healthcheck: {test: [NONE]}\n    build: ./db\n";
    let doc = parse(src);
    let m = Model::build(&doc);
    let (web, db) = (m.services[0].node(), m.services[1].node());
    let e = env_files(&doc, web);
    assert_eq!((e[0].path, e[0].required, e[1].path, e[1].required), (".env", true, "./opt.env", false));
    assert_eq!(env_files(&doc, db)[0].path, "db.env");
    let u = ulimits(&doc, web);
    assert_eq!((u[0].name, u[0].soft, u[0].hard), ("nproc", Some(65535), Some(65535)));
    assert_eq!((u[1].soft, u[1].hard), (Some(1024), Some(4096)));
    let h = healthcheck(&doc, web).unwrap();
    assert_eq!(h.test, Some(HealthTest::CmdShell(vec!["curl -f x"])));
    assert_eq!((h.interval, h.disabled), (Some("10s"), false));
    assert!(healthcheck(&doc, db).unwrap().disabled);
    let l = limits(&doc, web);
    assert_eq!((l.memory.unwrap().raw, l.cpus.unwrap().raw, l.pids.is_none()), ("2g", "0.5", true));
    let b = build_spec(&doc, web).unwrap();
    assert_eq!((b.context, b.target), ("./app", Some("prod")));
    assert_eq!(build_spec(&doc, db).unwrap().context, "./db");
}
