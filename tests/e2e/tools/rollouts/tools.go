//go:build tools

// Package tools pins the Argo Rollouts controller and its kubectl plugin main
// packages so that `go mod tidy` keeps both dependency graphs.
package tools

import (
	_ "github.com/argoproj/argo-rollouts/cmd/kubectl-argo-rollouts"
	_ "github.com/argoproj/argo-rollouts/cmd/rollouts-controller"
)
