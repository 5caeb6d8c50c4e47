//go:build tools

// The commands this module builds; the blank imports keep them in go.mod/go.sum.
package tools

import (
	_ "github.com/prometheus/alertmanager/cmd/alertmanager"
	_ "github.com/prometheus/alertmanager/cmd/amtool"
)
