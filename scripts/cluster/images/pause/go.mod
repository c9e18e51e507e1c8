module cdk8s-postgres.local/pause

go 1.21
