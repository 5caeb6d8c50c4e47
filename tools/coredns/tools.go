//go:build tools

// The program this module builds; the blank import keeps it in go.mod/go.sum.
package tools

import _ "github.com/coredns/coredns"
