//! SWC203 public-datastore-port

use crate::compose::ports;
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC203",
        name: "public-datastore-port",
        target: Target::Compose,
        category: Category::Security,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: false,
        summary: "A database or admin port is published on all interfaces.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports published ports on all interfaces (no host IP, `0.0.0.0`, `::`) whose container port is
a well-known datastore or broker port: PostgreSQL 5432, MySQL/MariaDB 3306, Redis 6379,
MongoDB 27017, Elasticsearch 9200/9300, RabbitMQ 5672/15672, Memcached 11211, Cassandra 9042,
CouchDB 5984, InfluxDB 8086, ClickHouse 8123/9000, Kafka 9092, ZooKeeper 2181, etcd 2379,
MSSQL 1433, Oracle 1521, NATS 4222.

## Why is this bad?
Datastores are the usual target of internet-wide scans; many ship with weak or no
authentication by default. Other services reach them over the Compose network without any
published port.

## Example
```yaml
services:
  db:
    image: postgres:16.4
    ports: ["5432:5432"]
```

## Use instead
```yaml
services:
  db:
    image: postgres:16.4
    ports: ["127.0.0.1:5432:5432"]
```
"#
        ),
    },
    check,
    per_service: true,
};

const DATASTORES: &[u32] = &[
    5432, 3306, 6379, 27017, 9200, 9300, 5672, 15672, 11211, 9042, 5984, 8086, 8123, 9000, 9092, 2181, 2379, 1433,
    1521, 4222,
];

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        for p in ports(ctx.doc, s.node) {
            if p.bound_to_all() != Some(true) || p.published.is_none() {
                continue;
            }
            let Some((t, _)) = p.target.as_ref().and_then(|t| crate::compose::parse_range(t.text()?)) else { continue };
            if DATASTORES.contains(&t) {
                sink.report(
                    p.span,
                    format!("Service `{}` publishes the datastore port {t} on all interfaces", s.name),
                    "Do not publish it (services reach it over the Compose network), or bind it to 127.0.0.1.",
                    None,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_and_not() {
        fires(&RULE, "services:\n  a:\n    ports: [\"6379:6379\", \"0.0.0.0:15432:5432\", \"8080:80\"]\n", 2);
        clean(&RULE, "services:\n  a:\n    ports: [\"127.0.0.1:5432:5432\", \"5432\"]\n    expose: [\"5432\"]\n");
    }
}
