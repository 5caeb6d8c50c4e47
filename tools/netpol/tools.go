//go:build tools

// Keeps the analyzer's CLI in go.mod; build-tools.sh builds the packages in
// ./targets.
package tools

import _ "github.com/np-guard/netpol-analyzer/cmd/netpolicy"
