// The binding test app: examples/minimal and examples/users-and-databases (main.ts) through the Go module.
// Usage: go run . <outdir>
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdk8s-postgres/cdk8s-postgres-go/cdk8spostgres"
	"github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2"
	"github.com/cdk8s-team/cdk8s-plus-go/cdk8splus28/v2"
)

func minimal(app constructs.Construct) {
	chart := cdk8s.NewChart(app, jsii.String("minimal"), &cdk8s.ChartProps{Namespace: jsii.String("minimal")})
	cdk8spostgres.NewPostgresCluster(chart, jsii.String("acid-minimal-cluster"), &cdk8spostgres.PostgresClusterProps{
		TeamId:    jsii.String("acid"),
		Instances: jsii.Number(1),
	})
}

func usersAndDatabases(app constructs.Construct) {
	orders := cdk8s.NewChart(app, jsii.String("orders"), &cdk8s.ChartProps{Namespace: jsii.String("orders")})
	db := cdk8spostgres.NewPostgresCluster(orders, jsii.String("orders-db"), &cdk8spostgres.PostgresClusterProps{
		TeamId: jsii.String("orders"),
		Fleet: cdk8spostgres.NewFleetDefaults(&cdk8spostgres.FleetDefaultsProps{
			AllowedSecretNamespaces: jsii.Strings("reporting"),
		}),
		Instances: jsii.Number(2),
		Users: &map[string]*[]cdk8spostgres.UserFlag{
			"orders_owner":      {cdk8spostgres.UserFlag_CREATEDB},
			"orders_app":        {},
			"reporting.analyst": {cdk8spostgres.UserFlag_NOCREATEDB},
		},
		Databases: &map[string]*string{"orders": jsii.String("orders_owner")},
		PreparedDatabases: &map[string]*cdk8spostgres.PreparedDatabase{
			"inventory": {
				DefaultUsers: jsii.Bool(true),
				Schemas: &map[string]*cdk8spostgres.PreparedSchema{
					"data":    {},
					"history": {DefaultUsers: jsii.Bool(true)},
				},
				Extensions: &map[string]*string{"pg_trgm": jsii.String("data"), "hstore": jsii.String("public")},
			},
		},
	})

	login := db.UserSecret(jsii.String("orders_app"))
	secret := cdk8splus28.Secret_FromSecretName(orders, jsii.String("AppDbSecret"), login.SecretName)
	api := cdk8splus28.NewDeployment(orders, jsii.String("orders-api"), &cdk8splus28.DeploymentProps{
		Metadata: &cdk8s.ApiObjectMetadata{Name: jsii.String("orders-api")},
		Replicas: jsii.Number(2),
		Containers: &[]*cdk8splus28.ContainerProps{{
			Name:       jsii.String("api"),
			Image:      jsii.String("registry.example.com/orders-api:1.4.2"),
			PortNumber: jsii.Number(8080),
			Resources: &cdk8splus28.ContainerResources{
				Cpu: &cdk8splus28.CpuResources{
					Request: cdk8splus28.Cpu_Millis(jsii.Number(100)),
					Limit:   cdk8splus28.Cpu_Millis(jsii.Number(500)),
				},
				Memory: &cdk8splus28.MemoryResources{
					Request: cdk8s.Size_Mebibytes(jsii.Number(128)),
					Limit:   cdk8s.Size_Mebibytes(jsii.Number(256)),
				},
			},
		}},
	})
	// A Go map reaches cdk8s-plus in key order, and cdk8s-plus writes env in the order it receives it (this is
	// cdk8s-plus, not the library, whose output ignores map order): add the variables in the order main.ts writes them.
	env := (*api.Containers())[0].Env()
	env.AddVariable(jsii.String("PGHOST"), cdk8splus28.EnvValue_FromValue(db.PrimaryEndpoint().Hostname()))
	env.AddVariable(jsii.String("PGPORT"), cdk8splus28.EnvValue_FromValue(jsii.String(fmt.Sprint(*db.PrimaryEndpoint().Port()))))
	env.AddVariable(jsii.String("PGDATABASE"), cdk8splus28.EnvValue_FromValue(jsii.String("orders")))
	env.AddVariable(jsii.String("PGSSLMODE"), cdk8splus28.EnvValue_FromValue(jsii.String("require")))
	env.AddVariable(jsii.String("PGUSER"), cdk8splus28.EnvValue_FromSecretValue(&cdk8splus28.SecretValue{Secret: secret, Key: login.UsernameKey}, nil))
	env.AddVariable(jsii.String("PGPASSWORD"), cdk8splus28.EnvValue_FromSecretValue(&cdk8splus28.SecretValue{Secret: secret, Key: login.PasswordKey}, nil))
	db.AllowFromWorkload(api)

	billing := cdk8s.NewChart(app, jsii.String("billing"), &cdk8s.ChartProps{Namespace: jsii.String("billing")})
	cdk8spostgres.NewPostgresCluster(billing, jsii.String("billing-db"), &cdk8spostgres.PostgresClusterProps{
		TeamId:      jsii.String("billing"),
		Credentials: cdk8spostgres.Credentials_FromExternalSecretsGenerator(),
		UserCredentials: &map[string]cdk8spostgres.Credentials{
			"billing_reader": cdk8spostgres.Credentials_FromExternalSecretsStore(&cdk8spostgres.ExternalSecretsStoreOptions{
				StoreName:   jsii.String("vault"),
				StoreKind:   cdk8spostgres.SecretStoreKind_CLUSTER_SECRET_STORE,
				KeyTemplate: jsii.String("databases/{cluster}/{username}"),
			}),
		},
		Users: &map[string]*[]cdk8spostgres.UserFlag{
			"billing_owner":  {cdk8spostgres.UserFlag_CREATEDB},
			"billing_reader": {},
		},
		Databases: &map[string]*string{"billing": jsii.String("billing_owner")},
	})
}

// What a Go user gets for a prop the library refuses: a panic (scripts/ci/bindings.sh checks the line).
func badProp() {
	defer func() {
		if r := recover(); r != nil {
			fmt.Printf("bad prop: %T: %v\n", r, r)
		}
	}()
	chart := cdk8s.NewChart(cdk8s.NewApp(nil), jsii.String("bad"), &cdk8s.ChartProps{Namespace: jsii.String("bad")})
	cdk8spostgres.NewPostgresCluster(chart, jsii.String("db"), &cdk8spostgres.PostgresClusterProps{
		TeamId:    jsii.String("acid"),
		Instances: jsii.Number(-1),
	})
}

// A cdk8s-plus Cpu is a CPU quantity (Go interfaces are structural), as in TypeScript and Python.
func plusCpu() {
	app := cdk8s.NewApp(nil)
	chart := cdk8s.NewChart(app, jsii.String("cpu"), &cdk8s.ChartProps{Namespace: jsii.String("cpu")})
	cdk8spostgres.NewPostgresCluster(chart, jsii.String("db"), &cdk8spostgres.PostgresClusterProps{
		TeamId:    jsii.String("acid"),
		Resources: &cdk8spostgres.PostgresResources{CpuRequest: cdk8splus28.Cpu_Millis(jsii.Number(250))},
	})
	fmt.Printf("cdk8s-plus Cpu rendered: %v\n", strings.Contains(*app.SynthYaml(), "cpu: 250m"))
}

func main() {
	outdir := os.Args[1]
	for _, example := range []struct {
		name  string
		build func(constructs.Construct)
	}{{"minimal", minimal}, {"users-and-databases", usersAndDatabases}} {
		app := cdk8spostgres.NewFleetApp(&cdk8s.AppProps{Outdir: jsii.String(outdir + "/" + example.name)})
		example.build(app)
		app.Synth()
	}
	badProp()
	plusCpu()
}
