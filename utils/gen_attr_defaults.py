#!/usr/bin/env python3
"""Generates TQAttrDefaults.h.inc: the default value of every quantizer
attribute parameter that has one, as TQAttributes.td declares it, so that
the quantizer-string parser takes its defaults from the .td (one
definition) rather than repeating them.

Input: the records of TQ.td as `llvm-tblgen --dump-json` prints them
(standard input or the first argument). Output (standard output or -o):
one struct per attribute in namespace tq::defaults, named after the
attribute's C++ class without "Attr", with a static constexpr member per
parameter (its name in the .td), e.g.

    struct BlockScaled {
      static constexpr int64_t block = 16;
      ...
    };

Array parameters (their default is an empty list) are left out; ::tq::F64
is written as double (a literal type).

With --strings FILE it also writes TQQuantizerStrings.h.inc: each
attribute's quantizer-string syntax as TQ_StringSyntax in TQAttributes.td
declares it (docs/quantizers.md, "Adding a format"), for
lib/Dialect/TQ/IR/QuantizerStringParser.h. One struct per attribute in
namespace tq::detail::strings holds the parameters, initialized to their
defaults, with

    bool parsePositional(Parser &, size_t &i);  // stringPositional
    bool setOption(Parser &, const Token &, ArrayRef<StringRef> fixed);
    bool extraOption(Parser &, const Token &);   // stringHooks: the format's
    bool finish(Parser &);                       // file defines these
    QuantizerAttrInterface build(Parser &) const;

and parseNamed(Parser &, StringRef name) makes the attribute whose mnemonic
or stringNames is `name`.
"""
import argparse
import json
import sys


def quote(text):
    return json.dumps(text)


def enum_values(records, cpp):
    """The value names of the enum whose C++ type is `cpp` (::tq::Name)."""
    name = cpp.split("::")[-1]
    for rec in records["!instanceof"]["EnumInfo"]:
        e = records[rec]
        if e.get("className") == name and e.get("cppNamespace") == "::tq":
            return [records[c["def"]]["str"] for c in e["enumerants"]]
    raise SystemExit(f"gen_attr_defaults.py: no enum for {cpp}")


def param_kind(cpp):
    """How the string language reads a parameter of C++ type `cpp`."""
    kinds = {
        "int": "int", "int64_t": "i64", "bool": "bool", "::tq::F64": "f64",
        "std::optional<int64_t>": "opt", "std::optional<::tq::F64>": "opt",
        "::llvm::ArrayRef<::tq::F64>": "list",
        "::llvm::ArrayRef<int64_t>": "list",
    }
    if cpp in kinds:
        return kinds[cpp]
    if cpp.startswith("std::optional<::tq::"):
        return "optenum"
    if cpp.startswith("::tq::"):
        return "enum"
    raise SystemExit(f"gen_attr_defaults.py: no string syntax for {cpp}")


def or_list(words):
    return words[0] if len(words) == 1 else \
        ", ".join(words[:-1]) + " or " + words[-1]


def strings_struct(records, r):
    """The C++ of one attribute's quantizer-string syntax."""
    cls = r["cppClassName"]
    struct = cls[:-4] if cls.endswith("Attr") else cls
    params = []
    for arg, pname in r["parameters"]["args"]:
        p = records[arg["def"]] if isinstance(arg, dict) else {}
        cpp = p.get("cppType", arg if isinstance(arg, str) else "")
        kind = param_kind(cpp)
        member = cpp
        if kind == "list":
            member = cpp.replace("::llvm::ArrayRef", "::llvm::SmallVector")
        default = p.get("defaultValue") or ""
        if kind == "list" or not default:
            default = "{}"
        params.append(dict(name=pname, cpp=cpp, kind=kind, member=member,
                           default=default, record=p))
    positional = [(what, name) for what, name in
                  r["stringPositional"]["args"]]
    by_name = {p["name"]: p for p in params}
    # Required positional parameters are only positional; those with a
    # default are options too.
    pos_names = {name for _, name in positional
                 if by_name[name]["default"] == "{}"
                 and by_name[name]["kind"] != "opt"}
    # Enum values usable as bare words: those no other parameter shares.
    word_count = {}
    for p in params:
        if p["kind"] in ("enum", "optenum"):
            p["values"] = enum_values(records,
                                      p["cpp"].replace("std::optional<", "")
                                      .rstrip(">"))
            for v in p["values"]:
                word_count[v] = word_count.get(v, 0) + 1
    hooks, custom = r["stringHooks"], r["stringCustomPositional"]
    out = [f"/// #tq.{r['mnemonic']}", f"struct {struct} {{"]
    for p in params:
        out.append(f"  {p['member']} {p['name']} = {p['default']};")
    out += [
        "",
        "  bool parsePositional(Parser &p, size_t &i);",
        "  bool setOption(Parser &p, const Token &t,",
        "                 ::llvm::ArrayRef<::llvm::StringRef> fixed);",
    ]
    if hooks:
        out += ["  bool extraOption(Parser &p, const Token &t);",
                "  bool finish(Parser &p);"]
    else:
        out += ["  bool extraOption(Parser &, const Token &) { return false; }",
                "  bool finish(Parser &) { return true; }"]
    if params:
        # getChecked forwards its arguments: lists as the ArrayRef it takes.
        args = ", ".join(f"{p['cpp']}({p['name']})" if p["kind"] == "list"
                         else p["name"] for p in params)
        out.append("  QuantizerAttrInterface build(Parser &p) const {")
        out.append(f"    return p.build<::tq::{cls}>({args});")
    else:
        out.append("  QuantizerAttrInterface build(Parser &p) const {")
        out.append(f"    return ::llvm::cast<QuantizerAttrInterface>("
                   f"::tq::{cls}::get(p.ctx));")
    out += ["  }", "};", ""]
    if not custom:
        out.append(f"inline bool {struct}::parsePositional("
                   f"[[maybe_unused]] Parser &p, [[maybe_unused]] size_t &i) {{")
        for what, name in positional:
            p = by_name[name]
            if p["default"] != "{}" or p["kind"] == "opt":
                out.append("  if (!p.hasPositional(i))")
                out.append("    return true;")
            out.append(f"  if (!p.positional(i, {quote(what)}, {name}))")
            out.append("    return false;")
        out += ["  return true;", "}"]
    out.append(f"inline bool {struct}::setOption("
               f"[[maybe_unused]] Parser &p, [[maybe_unused]] const Token &t,")
    out.append("    [[maybe_unused]] ::llvm::ArrayRef<::llvm::StringRef> "
               "fixed) {")
    for p in params:
        name, kind = p["name"], p["kind"]
        if name in pos_names:
            continue
        out.append(f"  if (!::llvm::is_contained(fixed, {quote(name)})) {{")
        if kind in ("enum", "optenum"):
            what = p["record"].get("stringWhat") or name
            expected = or_list(p["values"])
            out.append(f"    if (p.enumOption(t, {quote(name)}, {name}, "
                       f"{quote(what)}, {quote(expected)}))")
            out.append("      return true;")
            enum = p["cpp"].replace("std::optional<", "").rstrip(">")
            if all(word_count[v] == 1 for v in p["values"]):
                out.append(f"    if (auto e = Parser::word<{enum}>(t.text)) {{")
                out.append(f"      {name} = *e;")
                out.append("      return true;")
                out.append("    }")
        else:
            out.append(f"    if (p.option(t, {quote(name)}, {name}))")
            out.append("      return true;")
        if kind == "bool":
            for field, value in (("stringTrue", "true"),
                                 ("stringFalse", "false")):
                word = p["record"].get(field)
                if word:
                    out.append(f"    if (t.text == {quote(word)}) {{")
                    out.append(f"      {name} = {value};")
                    out.append("      return true;")
                    out.append("    }")
        out.append("  }")
    out += ["  return false;", "}", ""]
    names = [r["mnemonic"]] + list(r["stringNames"])
    return struct, names, r["stringWhat"], out


def gen_strings(records):
    out = [
        "// Generated by utils/gen_attr_defaults.py from TQAttributes.td: the",
        "// quantizer attributes' string syntax. Do not edit.",
        "",
        "namespace tq::detail::strings {",
        "",
    ]
    dispatch = []
    for name in sorted(records["!instanceof"]["TQ_StringSyntax"]):
        r = records[name]
        struct, names, what, code = strings_struct(records, r)
        out += code
        cond = " || ".join(f"name == {quote(n)}" for n in names)
        what = quote(what) if what else "name"
        dispatch += [f"  if ({cond}) {{", f"    {struct} s;",
                     f"    return p.parseFormat(s, 1, /*positional=*/true, "
                     f"{what});", "  }"]
    out += ["/// The attribute whose mnemonic or stringNames is `name`, parsed "
            "from", "/// the tokens after it; nullopt for other names.",
            "inline std::optional<QuantizerAttrInterface>",
            "parseNamed(Parser &p, ::llvm::StringRef name) {"]
    out += dispatch
    out += ["  return std::nullopt;", "}", "",
            "} // namespace tq::detail::strings", ""]
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("json", nargs="?", help="llvm-tblgen --dump-json output")
    ap.add_argument("-o", "--output")
    ap.add_argument("--strings", help="also write TQQuantizerStrings.h.inc")
    args = ap.parse_args()
    records = json.load(open(args.json) if args.json else sys.stdin)
    if args.strings:
        with open(args.strings, "w") as f:
            f.write(gen_strings(records))
    out = [
        "// Generated by utils/gen_attr_defaults.py from TQAttributes.td: the",
        "// defaults of the quantizer attributes' parameters. Do not edit.",
        "",
        "namespace tq {",
        "namespace defaults {",
    ]
    for name in sorted(records["!instanceof"]["AttrDef"]):
        r = records[name]
        if not r.get("mnemonic") or not r.get("cppClassName"):
            continue
        members = []
        for arg, pname in r["parameters"]["args"]:
            if not isinstance(arg, dict):
                continue  # a bare C++ type: no default
            p = records[arg["def"]]
            cpp, default = p.get("cppType", ""), p.get("defaultValue", "")
            if not default or "ArrayRef" in cpp or "AttrInterface" in cpp:
                continue
            cpp = cpp.replace("::tq::F64", "double")
            members.append(f"  static constexpr {cpp} {pname} = {default};")
        if not members:
            continue
        cls = r["cppClassName"]
        struct = cls[:-4] if cls.endswith("Attr") else cls
        out += ["", f"/// #tq.{r['mnemonic']}", f"struct {struct} {{"]
        out += members
        out.append("};")
    out += ["", "} // namespace defaults", "} // namespace tq", ""]
    text = "\n".join(out)
    if args.output:
        with open(args.output, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
