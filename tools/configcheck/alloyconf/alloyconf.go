// Package alloyconf reads an Alloy configuration with Alloy's own parser and
// evaluator (github.com/grafana/alloy/syntax, Apache-2.0) into plain data:
// blocks with their labels, literal attribute values and nested blocks.
// Attributes that reference other components (forward_to = [...]) cannot be
// evaluated without a running Alloy; they are reported as Expression.
package alloyconf

import (
	"fmt"
	"os"
	"strings"

	"github.com/grafana/alloy/syntax/ast"
	"github.com/grafana/alloy/syntax/parser"
	"github.com/grafana/alloy/syntax/vm"
)

// Expression stands for an attribute value that needs a component graph to evaluate.
const Expression = "<expression>"

// Block is one block of the file, as Alloy's parser sees it.
type Block struct {
	Name   string         `json:"name"`
	Label  string         `json:"label,omitempty"`
	Line   int            `json:"line"`
	Attrs  map[string]any `json:"attrs"`
	Order  []string       `json:"order"`
	Blocks []Block        `json:"blocks"`
}

// ParseFile parses and evaluates path; the error names file, line and column.
func ParseFile(path string) ([]Block, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f, err := parser.ParseFile(path, data)
	if err != nil {
		return nil, err
	}
	return body(f.Body)
}

func body(b ast.Body) ([]Block, error) {
	out := []Block{}
	for _, stmt := range b {
		bs, ok := stmt.(*ast.BlockStmt)
		if !ok {
			continue // top-level attributes do not occur in component files
		}
		blk, err := block(bs)
		if err != nil {
			return nil, err
		}
		out = append(out, blk)
	}
	return out, nil
}

func block(bs *ast.BlockStmt) (Block, error) {
	blk := Block{Name: strings.Join(bs.Name, "."), Label: bs.Label, Line: bs.NamePos.Position().Line, Attrs: map[string]any{}, Order: []string{}, Blocks: []Block{}}
	for _, stmt := range bs.Body {
		switch s := stmt.(type) {
		case *ast.AttributeStmt:
			var v any
			if err := vm.New(s.Value).Evaluate(nil, &v); err != nil {
				if !strings.Contains(err.Error(), "does not exist") && !strings.Contains(err.Error(), "undefined") {
					return blk, fmt.Errorf("%s: %s.%s: %w", s.Name.NamePos.Position(), blk.Name, s.Name.Name, err)
				}
				v = Expression
			}
			blk.Attrs[s.Name.Name] = v
			blk.Order = append(blk.Order, s.Name.Name)
		case *ast.BlockStmt:
			child, err := block(s)
			if err != nil {
				return blk, err
			}
			blk.Blocks = append(blk.Blocks, child)
		}
	}
	return blk, nil
}
