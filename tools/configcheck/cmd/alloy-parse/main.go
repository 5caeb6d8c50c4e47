// alloy-parse parses Alloy configuration files with Alloy's own parser
// (github.com/grafana/alloy/syntax) and prints their blocks as JSON, or exits
// 1 with the parser's error (file:line:col: message).
//
//	alloy-parse FILE
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/mojaloop-gitops/tools/configcheck/alloyconf"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: alloy-parse FILE")
		os.Exit(2)
	}
	blocks, err := alloyconf.ParseFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(blocks); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
