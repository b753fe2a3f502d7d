// Package cloud owns where labs run and what is running there: the sandbox
// emulator (moto server on loopback, or a LocalStack the user runs), the
// factory that builds aws.Config and service clients for the active target,
// the classification of connection and credential failures into errors a
// learner can act on, and the guard that makes a learner confirm a real AWS
// account before awstutor touches it.
//
// The package prints nothing: commands and the TUI show its results and
// errors.
package cloud
