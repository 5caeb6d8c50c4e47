// alloy-stages runs log entries through the stages of a rendered loki.process
// block, read with Alloy's own parser and evaluator. Regular expressions are
// Go's regexp (RE2), the engine Alloy uses; each stage follows the behaviour
// of its source in Alloy (internal/component/loki/process/stages/<stage>.go,
// named on each function). A stage this runner does not know is an error, so a
// new stage in the pipeline cannot pass untested.
//
//	alloy-stages CONFIG [LABEL]   (LABEL: the loki.process block, default the first)
//	stdin:  one JSON object per line: {"labels": {...}, "line": "<CRI line>"}
//	stdout: one JSON object per entry leaving the pipeline:
//	        {"labels", "line", "timestamp", "extracted", "structured_metadata"}
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/mojaloop-gitops/tools/configcheck/alloyconf"
)

type entry struct {
	Labels    map[string]string
	Line      string
	Time      time.Time
	Extracted map[string]any
	Metadata  [][2]string
}

type stage func([]entry) ([]entry, error)

func main() {
	if len(os.Args) < 2 || len(os.Args) > 3 {
		fail("usage: alloy-stages CONFIG [LABEL]")
	}
	blocks, err := alloyconf.ParseFile(os.Args[1])
	if err != nil {
		fail(err.Error())
	}
	var proc *alloyconf.Block
	for i := range blocks {
		if blocks[i].Name == "loki.process" && (len(os.Args) == 2 || blocks[i].Label == os.Args[2]) {
			proc = &blocks[i]
			break
		}
	}
	if proc == nil {
		fail(os.Args[1] + ": no loki.process block")
	}
	pipeline, err := build(os.Args[1], proc.Blocks)
	if err != nil {
		fail(err.Error())
	}
	var in []entry
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var raw struct {
			Labels map[string]string `json:"labels"`
			Line   string            `json:"line"`
		}
		if err := json.Unmarshal(sc.Bytes(), &raw); err != nil {
			fail("stdin: " + err.Error())
		}
		in = append(in, entry{Labels: raw.Labels, Line: raw.Line, Extracted: map[string]any{}})
	}
	out, err := pipeline(in)
	if err != nil {
		fail(err.Error())
	}
	enc := json.NewEncoder(os.Stdout)
	for _, e := range out {
		ts := ""
		if !e.Time.IsZero() {
			ts = e.Time.UTC().Format(time.RFC3339Nano)
		}
		md := e.Metadata
		if md == nil {
			md = [][2]string{}
		}
		_ = enc.Encode(map[string]any{"labels": e.Labels, "line": e.Line, "timestamp": ts, "extracted": e.Extracted, "structured_metadata": md})
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "alloy-stages: "+msg)
	os.Exit(1)
}

// build turns the stage.* blocks into one function, in file order.
func build(file string, blocks []alloyconf.Block) (stage, error) {
	var stages []stage
	for _, b := range blocks {
		where := fmt.Sprintf("%s:%d: %s", file, b.Line, b.Name)
		s, err := newStage(file, b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		stages = append(stages, s)
	}
	return func(es []entry) ([]entry, error) {
		var err error
		for _, s := range stages {
			if es, err = s(es); err != nil {
				return nil, err
			}
		}
		return es, nil
	}, nil
}

func str(b alloyconf.Block, name string, def string) (string, error) {
	v, ok := b.Attrs[name]
	if !ok {
		return def, nil
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("%s: expected a string, got %T", name, v)
	}
	return s, nil
}

func strMap(b alloyconf.Block, name string) (map[string]string, error) {
	v, ok := b.Attrs[name]
	if !ok {
		return map[string]string{}, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: expected an object, got %T", name, v)
	}
	out := map[string]string{}
	for k, val := range m {
		s, _ := val.(string)
		if s == "" {
			s = k // an empty source means the key itself (labels.go, structured_metadata.go)
		}
		out[k] = s
	}
	return out, nil
}

func newStage(file string, b alloyconf.Block) (stage, error) {
	switch b.Name {
	case "stage.cri":
		return criStage(), nil
	case "stage.match":
		return matchStage(file, b)
	case "stage.multiline":
		return multilineStage(b)
	case "stage.regex":
		return regexStage(b)
	case "stage.timestamp":
		return timestampStage(b)
	case "stage.labels":
		return labelsStage(b)
	case "stage.structured_metadata":
		return structuredMetadataStage(b)
	}
	return nil, fmt.Errorf("not supported by alloy-stages: add it, following Alloy's internal/component/loki/process/stages/")
}

func fingerprint(l map[string]string) string {
	keys := make([]string, 0, len(l))
	for k := range l {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var sb strings.Builder
	for _, k := range keys {
		sb.WriteString(k + "\xff" + l[k] + "\xff")
	}
	return sb.String()
}

// criLine is the CRI log format (stages/cri/parse.go): time stream flag content.
var criLine = regexp.MustCompile(`^(\S+) (stdout|stderr) ([PF]) (.*)$`)

// criStage follows stages/cri.go: content becomes the line, time the timestamp,
// stream a label; partial (P) lines are joined with the next full (F) one.
func criStage() stage {
	return func(es []entry) ([]entry, error) {
		partial := map[string]entry{}
		var out []entry
		for _, e := range es {
			m := criLine.FindStringSubmatch(e.Line)
			if m == nil {
				out = append(out, e)
				continue
			}
			e.Extracted["flags"], e.Extracted["stream"], e.Extracted["content"], e.Extracted["time"] = m[3], m[2], m[4], m[1]
			e.Line = m[4]
			if ts, err := time.Parse(time.RFC3339Nano, m[1]); err == nil {
				e.Time = ts
			}
			e.Labels["stream"] = m[2]
			fp := fingerprint(e.Labels)
			if prev, ok := partial[fp]; ok {
				e.Line = prev.Line + e.Line
			}
			if m[3] == "P" {
				partial[fp] = e
				continue
			}
			delete(partial, fp)
			out = append(out, e)
		}
		return out, nil
	}
}

// selector is a LogQL stream selector: {name op "value", ...}.
var matcherRe = regexp.MustCompile(`^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*$`)

type matcher func(map[string]string) bool

func parseSelector(sel string) ([]matcher, error) {
	sel = strings.TrimSpace(sel)
	if !strings.HasPrefix(sel, "{") || !strings.HasSuffix(sel, "}") {
		return nil, fmt.Errorf("selector %q: expected a stream selector {name=\"value\", ...} (line filters are not supported here)", sel)
	}
	var ms []matcher
	for _, part := range strings.Split(sel[1:len(sel)-1], ",") {
		m := matcherRe.FindStringSubmatch(part)
		if m == nil {
			return nil, fmt.Errorf("selector %q: cannot read matcher %q", sel, part)
		}
		name, op := m[1], m[2]
		var val string
		if err := json.Unmarshal([]byte(`"`+m[3]+`"`), &val); err != nil {
			return nil, fmt.Errorf("selector %q: %v", sel, err)
		}
		switch op {
		case "=":
			ms = append(ms, func(l map[string]string) bool { return l[name] == val })
		case "!=":
			ms = append(ms, func(l map[string]string) bool { return l[name] != val })
		default:
			re, err := regexp.Compile("^(?:" + val + ")$")
			if err != nil {
				return nil, fmt.Errorf("selector %q: %v", sel, err)
			}
			neg := op == "!~"
			ms = append(ms, func(l map[string]string) bool { return re.MatchString(l[name]) != neg })
		}
	}
	return ms, nil
}

// matchStage follows stages/match.go: consecutive matching entries run through
// the nested stages, the others pass; the result is sorted by timestamp.
func matchStage(file string, b alloyconf.Block) (stage, error) {
	sel, err := str(b, "selector", "")
	if err != nil {
		return nil, err
	}
	ms, err := parseSelector(sel)
	if err != nil {
		return nil, err
	}
	action, _ := str(b, "action", "keep")
	if action == "drop" {
		return func(es []entry) ([]entry, error) {
			var out []entry
			for _, e := range es {
				if !all(ms, e.Labels) {
					out = append(out, e)
				}
			}
			return out, nil
		}, nil
	}
	if len(b.Blocks) == 0 {
		return nil, fmt.Errorf("match stage requires at least one nested stage")
	}
	inner, err := build(file, b.Blocks)
	if err != nil {
		return nil, err
	}
	return func(es []entry) ([]entry, error) {
		var out []entry
		start := -1
		for i, e := range es {
			ok := all(ms, e.Labels)
			if ok && start < 0 {
				start = i
			}
			if start >= 0 && (!ok || i == len(es)-1) {
				end := i
				if ok {
					end = i + 1
				}
				r, err := inner(es[start:end])
				if err != nil {
					return nil, err
				}
				out = append(out, r...)
				start = -1
			}
			if !ok {
				out = append(out, e)
			}
		}
		sort.SliceStable(out, func(i, j int) bool { return out[i].Time.Before(out[j].Time) })
		return out, nil
	}, nil
}

func all(ms []matcher, l map[string]string) bool {
	for _, m := range ms {
		if !m(l) {
			return false
		}
	}
	return true
}

// multilineStage follows stages/multiline.go: per stream, lines pass through
// until the first start line; then each start line opens a block and the
// following lines are appended with "\n". Blocks flush on the next start line,
// at max_lines, or (here) at the end of input, which stands for max_wait_time.
func multilineStage(b alloyconf.Block) (stage, error) {
	expr, err := str(b, "firstline", "")
	if err != nil || expr == "" {
		return nil, fmt.Errorf("firstline: a regular expression is required")
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, fmt.Errorf("firstline: %v", err)
	}
	maxLines := 128
	if v, ok := b.Attrs["max_lines"].(float64); ok {
		maxLines = int(v)
	}
	if v, ok := b.Attrs["max_lines"].(int); ok {
		maxLines = v
	}
	return func(es []entry) ([]entry, error) {
		type block struct {
			start entry
			lines []string
		}
		blocks := map[string]*block{}
		var order []string
		var out []entry
		flush := func(fp string) {
			bl := blocks[fp]
			if bl == nil || len(bl.lines) == 0 {
				return
			}
			e := bl.start
			e.Line = strings.Join(bl.lines, "\n")
			extracted := map[string]any{}
			for k, v := range bl.start.Extracted {
				extracted[k] = v
			}
			e.Extracted = extracted
			out = append(out, e)
			bl.lines = nil
		}
		for _, e := range es {
			fp := fingerprint(e.Labels)
			bl, ok := blocks[fp]
			first := re.MatchString(e.Line)
			if !ok {
				if !first {
					out = append(out, e)
					continue
				}
				bl = &block{}
				blocks[fp] = bl
				order = append(order, fp)
			}
			if first {
				flush(fp)
				bl.start = e
			}
			bl.lines = append(bl.lines, e.Line)
			if len(bl.lines) == maxLines {
				flush(fp)
			}
		}
		for _, fp := range order {
			flush(fp)
		}
		return out, nil
	}, nil
}

// regexStage follows stages/regex.go: on a match every named group is
// extracted (an unmatched optional group as ""); no match extracts nothing.
func regexStage(b alloyconf.Block) (stage, error) {
	expr, err := str(b, "expression", "")
	if err != nil || expr == "" {
		return nil, fmt.Errorf("expression is required")
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, fmt.Errorf("could not compile regular expression: %v", err)
	}
	_, hasSource := b.Attrs["source"]
	source, err := str(b, "source", "")
	if err != nil {
		return nil, err
	}
	return func(es []entry) ([]entry, error) {
		for i := range es {
			input := es[i].Line
			if hasSource {
				v, ok := es[i].Extracted[source]
				if !ok {
					continue
				}
				input = fmt.Sprint(v)
			}
			m := re.FindStringSubmatch(input)
			if m == nil {
				continue
			}
			for j, name := range re.SubexpNames() {
				if j != 0 && name != "" {
					es[i].Extracted[name] = m[j]
				}
			}
		}
		return es, nil
	}, nil
}

var layouts = map[string]string{
	"ANSIC": time.ANSIC, "UnixDate": time.UnixDate, "RubyDate": time.RubyDate, "RFC822": time.RFC822, "RFC822Z": time.RFC822Z,
	"RFC850": time.RFC850, "RFC1123": time.RFC1123, "RFC1123Z": time.RFC1123Z, "RFC3339": time.RFC3339, "RFC3339Nano": time.RFC3339Nano,
}

// timestampStage follows stages/timestamp.go for named and Go layouts; a value
// that does not parse is reported in extracted["__timestamp_error"] (Alloy's
// default action_on_failure "fudge" would keep the previous timestamp).
func timestampStage(b alloyconf.Block) (stage, error) {
	source, err := str(b, "source", "")
	if err != nil || source == "" {
		return nil, fmt.Errorf("source is required")
	}
	format, err := str(b, "format", "")
	if err != nil || format == "" {
		return nil, fmt.Errorf("format is required")
	}
	layout, ok := layouts[format]
	if !ok {
		if strings.HasPrefix(format, "Unix") {
			return nil, fmt.Errorf("format %q is not supported by alloy-stages", format)
		}
		layout = format
	}
	return func(es []entry) ([]entry, error) {
		for i := range es {
			v, ok := es[i].Extracted[source]
			if !ok {
				continue
			}
			ts, err := time.Parse(layout, fmt.Sprint(v))
			if err != nil {
				es[i].Extracted["__timestamp_error"] = err.Error()
				continue
			}
			es[i].Time = ts
		}
		return es, nil
	}, nil
}

// labelsStage follows stages/labels.go: label = extracted[source].
func labelsStage(b alloyconf.Block) (stage, error) {
	values, err := strMap(b, "values")
	if err != nil {
		return nil, err
	}
	return func(es []entry) ([]entry, error) {
		for i := range es {
			for name, src := range values {
				if v, ok := es[i].Extracted[src]; ok {
					es[i].Labels[name] = fmt.Sprint(v)
				}
			}
		}
		return es, nil
	}, nil
}

// structuredMetadataStage follows stages/structured_metadata.go: metadata from
// extracted values, then labels of the same source move to metadata.
func structuredMetadataStage(b alloyconf.Block) (stage, error) {
	values, err := strMap(b, "values")
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(values))
	for n := range values {
		names = append(names, n)
	}
	sort.Strings(names)
	return func(es []entry) ([]entry, error) {
		for i := range es {
			for _, name := range names {
				if v, ok := es[i].Extracted[values[name]]; ok {
					es[i].Metadata = append(es[i].Metadata, [2]string{name, fmt.Sprint(v)})
				}
			}
			for _, name := range names {
				if v, ok := es[i].Labels[values[name]]; ok {
					es[i].Metadata = append(es[i].Metadata, [2]string{name, v})
					delete(es[i].Labels, values[name])
				}
			}
		}
		return es, nil
	}, nil
}
