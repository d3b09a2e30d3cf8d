#!/usr/bin/env python3
"""Aggregates the CPU samples of a JFR recording: top frames by self time, and by inclusive time.

Usage: benchmarks/scripts/jfr-top.py recording.jfr [top-n]
Reads `jfr print --json --events jdk.ExecutionSample` (JDK 17 has no `jfr view hot-methods`).
"""
import collections
import json
import subprocess
import sys


LIBRARIES = [
    ("org.postgresql", "PostgreSQL driver"), ("com.zaxxer", "HikariCP"),
    ("com.fasterxml.jackson", "Jackson"), ("com.google.protobuf", "protobuf"),
    ("io.grpc", "gRPC/Netty"), ("org.jdbi", "jdbi"), ("io.leangen", "jdbi"),
    ("org.eclipse.jetty", "Jetty"), ("io.javalin", "Javalin"), ("kotlin", "Javalin"),
    ("io.temporal", "Temporal SDK"), ("com.uber", "Temporal SDK metrics"),
    ("io.micrometer", "metrics"), ("com.auth0", "JWT"), ("ch.qos", "logback"),
    ("org.slf4j", "logback"), ("io.flowd", "flowd"),
]


def library(names):
    """The library a sample's CPU belongs to: its top frame's, or for JDK frames the first caller's."""
    for name in names:
        if not name.startswith(("java.", "jdk.", "sun.", "com.sun.")):
            for prefix, label in LIBRARIES:
                if name.startswith(prefix):
                    return label
            return ".".join(name.split(".")[:2])
    return "JDK only"


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    out = subprocess.run(
        ["jfr", "print", "--json", "--stack-depth", "96", "--events", "jdk.ExecutionSample", path],
        check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    self_count = collections.Counter()
    incl = collections.Counter()
    incl_pkg = collections.Counter()
    threads = collections.Counter()
    libs = collections.Counter()
    for event in events:
        values = event["values"]
        frames = values["stackTrace"]["frames"] if values.get("stackTrace") else []
        names = [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"] for f in frames]
        thread = values.get("sampledThread", {}).get("javaName") or "?"
        threads[thread.rstrip("0123456789: ").split(" ")[0][:40]] += 1
        if names:
            self_count[names[0]] += 1
            libs[library(names)] += 1
        for name in set(names):
            incl[name] += 1
        pkgs = set()
        for name in names:
            parts = name.split(".")
            pkgs.add(".".join(parts[:3]))
        for p in pkgs:
            incl_pkg[p] += 1
    n = len(events)
    print(f"{n} CPU samples")
    print("\nSelf time by library (JDK frames charged to their first non-JDK caller):")
    for name, c in libs.most_common(top):
        print(f"  {100.0 * c / n:5.1f} %  {name}")
    print("\nTop frames by self time (share of samples):")
    for name, c in self_count.most_common(top):
        print(f"  {100.0 * c / n:5.1f} %  {name}")
    print("\nTop frames by inclusive time (io.flowd, Jackson, jdbi, Temporal, Jetty/Javalin):")
    shown = 0
    for name, c in incl.most_common():
        if any(k in name for k in ("io.flowd", "jackson", "jdbi", "io.temporal", "jetty", "javalin", "hikari", "postgresql")):
            print(f"  {100.0 * c / n:5.1f} %  {name}")
            shown += 1
            if shown >= top:
                break
    print("\nInclusive by package prefix:")
    for name, c in incl_pkg.most_common(top):
        print(f"  {100.0 * c / n:5.1f} %  {name}")
    print("\nSamples by thread (name without its number):")
    for name, c in threads.most_common(12):
        print(f"  {100.0 * c / n:5.1f} %  {name}")


if __name__ == "__main__":
    main()
