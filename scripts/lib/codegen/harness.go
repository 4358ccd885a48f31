// Parses every sample with the Go models quicktype generated (models.go, same package) and checks that
// nothing is lost: marshalling the model must give back the sample, up to fields that are empty or null
// (which protobuf JSON treats as unset). Usage: harness samples.json
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
)

type sample struct {
	ID    string          `json:"id"`
	Type  string          `json:"type"`
	Value json.RawMessage `json:"value"`
}

// parse decodes raw into the named model and marshals it back (parsers: roots.go, written with the models).
func parse(kind string, raw []byte) ([]byte, error) {
	if parser, ok := parsers[kind]; ok {
		return parser(raw)
	}
	return nil, fmt.Errorf("no model %s", kind)
}

func normalize(value interface{}) interface{} {
	switch v := value.(type) {
	case map[string]interface{}:
		out := map[string]interface{}{}
		for key, item := range v {
			n := normalize(item)
			if !empty(n) {
				out[key] = n
			}
		}
		return out
	case []interface{}:
		out := make([]interface{}, len(v))
		for i, item := range v {
			out[i] = normalize(item)
		}
		return out
	}
	return value
}

func empty(v interface{}) bool {
	switch x := v.(type) {
	case nil:
		return true
	case map[string]interface{}:
		return len(x) == 0
	case []interface{}:
		return len(x) == 0
	}
	return false
}

func decode(raw []byte) interface{} {
	var v interface{}
	if err := json.Unmarshal(raw, &v); err != nil {
		panic(err)
	}
	return normalize(v)
}

func main() {
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	var samples []sample
	if err := json.Unmarshal(data, &samples); err != nil {
		panic(err)
	}
	failures := 0
	for _, s := range samples {
		back, err := parse(s.Type, s.Value)
		if err != nil {
			failures++
			fmt.Printf("%s: %s did not parse: %v\n", s.ID, s.Type, err)
			continue
		}
		if !reflect.DeepEqual(decode(back), decode(s.Value)) {
			failures++
			fmt.Printf("%s: %s lost or changed data: %.300s -> %.300s\n", s.ID, s.Type, s.Value, back)
		}
	}
	fmt.Printf("go: %d/%d samples parsed without loss\n", len(samples)-failures, len(samples))
	if failures > 0 {
		os.Exit(1)
	}
}
