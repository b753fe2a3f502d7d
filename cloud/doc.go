// Package cloud owns where labs run and what is running there: the sandbox
// emulator (moto server on loopback, or a LocalStack the user runs), the
// factory that builds aws.Config and service clients for the active target,
// the classification of connection and credential failures into errors a
// learner can act on, the guard that makes a learner confirm a real AWS
// account before awstutor touches it, the inventory of live resources
// tagged Project=awstutor (Inventory, one lister per service in
// inventory_<service>.go) and the sweep that deletes them in dependency
// order (Sweep), never touching anything without that tag.
//
// The package prints nothing: commands and the TUI show its results and
// errors.
package cloud
