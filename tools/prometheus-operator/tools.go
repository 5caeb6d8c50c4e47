//go:build tools

// The command this module builds; the blank import keeps it in go.mod/go.sum.
package tools

import (
	_ "github.com/prometheus-operator/prometheus-operator/cmd/operator"
)
