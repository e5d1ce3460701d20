//go:build tools

// Package tools pins the Argo Rollouts controller main package so that
// `go mod tidy` keeps its dependency graph.
package tools

import (
	_ "github.com/argoproj/argo-rollouts/cmd/rollouts-controller"
)
