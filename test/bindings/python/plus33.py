"""An app as `cdk8s init python-app` scaffolds it (cdk8s-plus-33), passing cdk8s-plus-33 values.

Usage: python plus33.py <outdir>. Synthesizes one cluster from cdk8s-plus-33 values (its `Cpu`, tolerations
as dicts spelled as Kubernetes spells them) and a cdk8s-plus-33 Deployment wired to it, and the same
cluster from this library's own values (`CpuQuantity`, cdk8s-plus-28 structs); a second cdk8s-plus-33
Deployment is wired with connect(). Exits 1 unless both clusters render the same YAML and every check holds.
"""
import sys

import cdk8s
import cdk8s_plus_28
import cdk8s_plus_33 as kplus
from cdk8s_postgres import (
    ConnectionPoolerOptions,
    CpuQuantity,
    FleetApp,
    PoolerResources,
    PostgresCluster,
    PostgresResources,
)


def cluster(chart: cdk8s.Chart, plus33: bool) -> PostgresCluster:
    cpu_millis = kplus.Cpu.millis if plus33 else CpuQuantity.millis
    cpu_units = kplus.Cpu.units if plus33 else CpuQuantity.units
    if plus33:
        # A list element reaches the library as it is: Kubernetes' (camelCase) field names.
        tolerations = [{"key": "dedicated", "operator": "Equal", "value": "db", "effect": "NoExecute", "tolerationSeconds": 30}]
    else:
        tolerations = [cdk8s_plus_28.k8s.Toleration(
            key="dedicated", operator="Equal", value="db", effect="NoExecute", toleration_seconds=30)]
    return PostgresCluster(
        chart,
        "shop-db",
        team_id="shop",
        instances=2,
        users={"shop_app": []},
        databases={"shop": "shop_app"},
        resources=PostgresResources(cpu_request=cpu_millis(250), cpu_limit=cpu_units(2)),
        tolerations=tolerations,
        connection_pooler=ConnectionPoolerOptions(
            resources=PoolerResources(cpu_request=cpu_millis(300), cpu_limit=cpu_units(1))),
    )


def synth(outdir: str, plus33: bool) -> str:
    app = FleetApp(outdir=outdir)
    chart = cdk8s.Chart(app, "shop", namespace="shop")
    db = cluster(chart, plus33)
    if plus33:
        login = db.user_secret("postgres")
        secret = kplus.Secret.from_secret_name(chart, "DbSecret", login.secret_name)
        kplus.Deployment(chart, "shop-api", metadata=cdk8s.ApiObjectMetadata(name="shop-api"), containers=[kplus.ContainerProps(
            image="registry.example.com/shop-api:1.0.0",
            env_variables={
                "PGHOST": kplus.EnvValue.from_value(db.primary_endpoint.hostname),
                "PGPASSWORD": kplus.EnvValue.from_secret_value(kplus.SecretValue(secret=secret, key=login.password_key)),
            },
            resources=kplus.ContainerResources(cpu=kplus.CpuResources(request=kplus.Cpu.millis(100))),
        )])
    # connect() takes a workload of any cdk8s-plus line (and admits it in the cluster's NetworkPolicies, so both
    # variants connect one at the same construct path).
    plus = kplus if plus33 else cdk8s_plus_28
    worker = plus.Deployment(chart, "shop-worker", metadata=cdk8s.ApiObjectMetadata(name="shop-worker"),
                             containers=[plus.ContainerProps(image="registry.example.com/shop-worker:1.0.0")])
    db.connect(worker, user="shop_app", database="shop")
    app.synth()
    with open(f"{outdir}/shop.k8s.yaml", encoding="utf-8") as f:
        return f.read()



if __name__ == "__main__":
    outdir = sys.argv[1]
    with33 = synth(f"{outdir}/plus33", True)
    own = synth(f"{outdir}/own", False)
    # The plus-33 app adds its own Deployments; the cluster's objects must be the same bytes.
    docs = with33.split("\n---\n")
    apps = {name: next((d for d in docs if f"\n  name: {name}\n" in d), "") for name in ("shop-api", "shop-worker")}
    cluster_only = [d for d in docs if d not in apps.values()]
    own_cluster = [d for d in own.split("\n---\n") if "\n  name: shop-worker\n" not in d]
    same = "\n---\n".join(cluster_only).rstrip("\n") == "\n---\n".join(own_cluster).rstrip("\n")
    checks = {
        "cluster YAML identical to the CpuQuantity/cdk8s-plus-28 one": same,
        "postgres CPU 250m/2 rendered": 'cpu: 250m' in with33 and 'cpu: "2"' in with33,
        "pooler CPU 300m rendered": 'cpu: 300m' in with33,
        "tolerationSeconds kept": "tolerationSeconds: 30" in with33,
        "cdk8s-plus-33 Deployment wired to the primary": "value: shop-db.shop.svc" in apps["shop-api"],
        "connect() wired a cdk8s-plus-33 Deployment": "name: PGPASSWORD" in apps["shop-worker"]
        and "name: shop-app.shop-db.credentials.postgresql.acid.zalan.do" in apps["shop-worker"],
    }
    for name, ok in checks.items():
        print(f"plus-33: {'ok' if ok else 'FAILED'}: {name}")
    sys.exit(0 if all(checks.values()) else 1)
