"""The `minimal` and `users-and-databases` examples (examples/*/main.ts) through the Python package.

Usage: python app.py <outdir> [--reversed-maps]
Writes <outdir>/<example>/<chart>.k8s.yaml, as `synth:examples` does, then prints what a bad prop raises.
--reversed-maps passes the library's dicts in reverse order: the YAML must not change (scripts/ci/bindings.sh).
"""
import sys

import cdk8s
import cdk8s_plus_28 as kplus
from cdk8s_postgres import (
    Credentials,
    FleetApp,
    FleetDefaults,
    PostgresCluster,
    PreparedDatabase,
    PreparedSchema,
    SecretStoreKind,
    UserFlag,
)

REVERSED_MAPS = "--reversed-maps" in sys.argv


def m(d: dict) -> dict:
    """A dict of the library's as the app writes it, or reversed (--reversed-maps)."""
    return dict(reversed(list(d.items()))) if REVERSED_MAPS else d


def minimal(app: cdk8s.App) -> None:
    chart = cdk8s.Chart(app, "minimal", namespace="minimal")
    PostgresCluster(chart, "acid-minimal-cluster", team_id="acid", instances=1)


def users_and_databases(app: cdk8s.App) -> None:
    orders = cdk8s.Chart(app, "orders", namespace="orders")
    db = PostgresCluster(
        orders,
        "orders-db",
        team_id="orders",
        fleet=FleetDefaults(allowed_secret_namespaces=["reporting"]),
        instances=2,
        users=m({
            "orders_owner": [UserFlag.CREATEDB],
            "orders_app": [],
            "reporting.analyst": [UserFlag.NOCREATEDB],
        }),
        databases=m({"orders": "orders_owner"}),
        prepared_databases=m({
            "inventory": PreparedDatabase(
                default_users=True,
                schemas=m({"data": PreparedSchema(), "history": PreparedSchema(default_users=True)}),
                extensions=m({"pg_trgm": "data", "hstore": "public"}),
            ),
        }),
    )
    login = db.user_secret("orders_app")
    secret = kplus.Secret.from_secret_name(orders, "AppDbSecret", login.secret_name)
    api = kplus.Deployment(
        orders,
        "orders-api",
        metadata=cdk8s.ApiObjectMetadata(name="orders-api"),
        replicas=2,
        containers=[
            kplus.ContainerProps(
                name="api",
                image="registry.example.com/orders-api:1.4.2",
                port_number=8080,
                env_variables={
                    "PGHOST": kplus.EnvValue.from_value(db.primary_endpoint.hostname),
                    "PGPORT": kplus.EnvValue.from_value(str(db.primary_endpoint.port)),
                    "PGDATABASE": kplus.EnvValue.from_value("orders"),
                    "PGSSLMODE": kplus.EnvValue.from_value("require"),
                    "PGUSER": kplus.EnvValue.from_secret_value(kplus.SecretValue(secret=secret, key=login.username_key)),
                    "PGPASSWORD": kplus.EnvValue.from_secret_value(kplus.SecretValue(secret=secret, key=login.password_key)),
                },
                resources=kplus.ContainerResources(
                    cpu=kplus.CpuResources(request=kplus.Cpu.millis(100), limit=kplus.Cpu.millis(500)),
                    memory=kplus.MemoryResources(
                        request=cdk8s.Size.mebibytes(128), limit=cdk8s.Size.mebibytes(256)
                    ),
                ),
            )
        ],
    )
    db.allow_from_workload(api)

    billing = cdk8s.Chart(app, "billing", namespace="billing")
    PostgresCluster(
        billing,
        "billing-db",
        team_id="billing",
        credentials=Credentials.from_external_secrets_generator(),
        user_credentials=m({
            "billing_reader": Credentials.from_external_secrets_store(
                store_name="vault",
                store_kind=SecretStoreKind.CLUSTER_SECRET_STORE,
                key_template="databases/{cluster}/{username}",
            ),
        }),
        users=m({"billing_owner": [UserFlag.CREATEDB], "billing_reader": []}),
        databases=m({"billing": "billing_owner"}),
    )


EXAMPLES = {"minimal": minimal, "users-and-databases": users_and_databases}



def bad_prop() -> None:
    """What a Python user gets for a prop the library refuses (scripts/ci/bindings.sh checks the line)."""
    chart = cdk8s.Chart(cdk8s.App(), "bad", namespace="bad")
    try:
        PostgresCluster(chart, "db", team_id="acid", instances=-1)
    except Exception as e:  # noqa: BLE001 - the type is what is being reported
        print(f"bad prop: {type(e).__module__}.{type(e).__qualname__}: {e}")


if __name__ == "__main__":
    outdir = sys.argv[1]
    for name, build in EXAMPLES.items():
        app = FleetApp(outdir=f"{outdir}/{name}")
        build(app)
        app.synth()
    bad_prop()
