package bindings;

import io.github.cdk8spostgres.Credentials;
import io.github.cdk8spostgres.ExternalSecretsStoreOptions;
import io.github.cdk8spostgres.FleetApp;
import io.github.cdk8spostgres.FleetDefaults;
import io.github.cdk8spostgres.PostgresCluster;
import io.github.cdk8spostgres.PreparedDatabase;
import io.github.cdk8spostgres.PreparedSchema;
import io.github.cdk8spostgres.SecretStoreKind;
import io.github.cdk8spostgres.UserFlag;
import io.github.cdk8spostgres.DatabaseUserSecret;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cdk8s.ApiObjectMetadata;
import org.cdk8s.AppProps;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;
import org.cdk8s.Size;
import org.cdk8s.plus28.ContainerProps;
import org.cdk8s.plus28.ContainerResources;
import org.cdk8s.plus28.Cpu;
import org.cdk8s.plus28.CpuResources;
import org.cdk8s.plus28.Deployment;
import org.cdk8s.plus28.EnvValue;
import org.cdk8s.plus28.ISecret;
import org.cdk8s.plus28.MemoryResources;
import org.cdk8s.plus28.Secret;
import org.cdk8s.plus28.SecretValue;

/** examples/minimal and examples/users-and-databases (main.ts) through the Java package: App <outdir>. */
public final class App {
  private App() {}

  // The library's maps as Map.ofEntries: it iterates in an order that changes from one JVM run to the next, and the
  // library's output must not depend on it (the tier compares with TypeScript's bytes).
  @SafeVarargs
  private static <V> Map<String, V> map(Map.Entry<String, V>... entries) {
    return Map.ofEntries(entries);
  }

  // cdk8s-plus writes env in the order of its map, so the Deployment's env keeps main.ts's order.
  @SafeVarargs
  private static <V> Map<String, V> ordered(Map.Entry<String, V>... entries) {
    Map<String, V> map = new LinkedHashMap<>();
    for (Map.Entry<String, V> e : entries) map.put(e.getKey(), e.getValue());
    return map;
  }

  static void minimal(org.cdk8s.App app) {
    Chart chart = new Chart(app, "minimal", ChartProps.builder().namespace("minimal").build());
    PostgresCluster.Builder.create(chart, "acid-minimal-cluster").teamId("acid").instances(1).build();
  }

  static void usersAndDatabases(org.cdk8s.App app) {
    Chart orders = new Chart(app, "orders", ChartProps.builder().namespace("orders").build());
    PostgresCluster db = PostgresCluster.Builder.create(orders, "orders-db")
        .teamId("orders")
        .fleet(new FleetDefaults(io.github.cdk8spostgres.FleetDefaultsProps.builder()
            .allowedSecretNamespaces(List.of("reporting")).build()))
        .instances(2)
        .users(map(
            Map.entry("orders_owner", List.of(UserFlag.CREATEDB)),
            Map.entry("orders_app", List.<UserFlag>of()),
            Map.entry("reporting.analyst", List.of(UserFlag.NOCREATEDB))))
        .databases(map(Map.entry("orders", "orders_owner")))
        .preparedDatabases(map(Map.entry("inventory", PreparedDatabase.builder()
            .defaultUsers(true)
            .schemas(map(
                Map.entry("data", PreparedSchema.builder().build()),
                Map.entry("history", PreparedSchema.builder().defaultUsers(true).build())))
            .extensions(map(Map.entry("pg_trgm", "data"), Map.entry("hstore", "public")))
            .build())))
        .build();

    DatabaseUserSecret login = db.userSecret("orders_app");
    ISecret secret = Secret.fromSecretName(orders, "AppDbSecret", login.getSecretName());
    Deployment api = Deployment.Builder.create(orders, "orders-api")
        .metadata(ApiObjectMetadata.builder().name("orders-api").build())
        .replicas(2)
        .containers(List.of(ContainerProps.builder()
            .name("api")
            .image("registry.example.com/orders-api:1.4.2")
            .portNumber(8080)
            .envVariables(ordered(
                Map.entry("PGHOST", EnvValue.fromValue(db.getPrimaryEndpoint().getHostname())),
                Map.entry("PGPORT", EnvValue.fromValue(String.valueOf(db.getPrimaryEndpoint().getPort().intValue()))),
                Map.entry("PGDATABASE", EnvValue.fromValue("orders")),
                Map.entry("PGSSLMODE", EnvValue.fromValue("require")),
                Map.entry("PGUSER", EnvValue.fromSecretValue(
                    SecretValue.builder().secret(secret).key(login.getUsernameKey()).build())),
                Map.entry("PGPASSWORD", EnvValue.fromSecretValue(
                    SecretValue.builder().secret(secret).key(login.getPasswordKey()).build()))))
            .resources(ContainerResources.builder()
                .cpu(CpuResources.builder().request(Cpu.millis(100)).limit(Cpu.millis(500)).build())
                .memory(MemoryResources.builder().request(Size.mebibytes(128)).limit(Size.mebibytes(256)).build())
                .build())
            .build()))
        .build();
    db.allowFromWorkload(api);

    Chart billing = new Chart(app, "billing", ChartProps.builder().namespace("billing").build());
    PostgresCluster.Builder.create(billing, "billing-db")
        .teamId("billing")
        .credentials(Credentials.fromExternalSecretsGenerator())
        .userCredentials(map(Map.entry("billing_reader", Credentials.fromExternalSecretsStore(
            ExternalSecretsStoreOptions.builder()
                .storeName("vault")
                .storeKind(SecretStoreKind.CLUSTER_SECRET_STORE)
                .keyTemplate("databases/{cluster}/{username}")
                .build()))))
        .users(map(
            Map.entry("billing_owner", List.of(UserFlag.CREATEDB)),
            Map.entry("billing_reader", List.<UserFlag>of())))
        .databases(map(Map.entry("billing", "billing_owner")))
        .build();
  }

  /** What a Java user gets for a prop the library refuses (scripts/ci/bindings.sh checks the line). */
  static void badProp() {
    Chart chart = new Chart(new org.cdk8s.App(), "bad", ChartProps.builder().namespace("bad").build());
    try {
      PostgresCluster.Builder.create(chart, "db").teamId("acid").instances(-1).build();
    } catch (RuntimeException e) {
      System.out.println("bad prop: " + e.getClass().getName() + ": " + e.getMessage());
    }
  }

  public static void main(String[] args) {
    String outdir = args[0];
    FleetApp app = new FleetApp(AppProps.builder().outdir(outdir + "/minimal").build());
    minimal(app);
    app.synth();
    app = new FleetApp(AppProps.builder().outdir(outdir + "/users-and-databases").build());
    usersAndDatabases(app);
    app.synth();
    badProp();
  }
}
