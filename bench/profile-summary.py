#!/usr/bin/env python3
"""Sums async-profiler's collapsed stacks (recorded with the `threads` option) by thread and by library.

Usage: bench/profile-summary.py app1.collapsed [app2.collapsed ...]   (bench/README.md, "Profiling a scenario")

Each sample counts once: for its thread (event loop, worker, JIT compiler, ...) and, on the threads that serve
requests, for the library of its innermost frame that belongs to a known one (Connector/J, Hibernate, Netty, ...);
a sample whose stack reaches the kernel is also counted as kernel time.
"""
import collections
import re
import sys

THREADS = [("vert.x-eventloop", "event loop"), ("executor-thread", "worker"), ("CompilerThre", "JIT compiler"),
           ("VM Thread", "VM thread (safepoints, serial GC)"), ("GC Thread", "GC"), ("kafka-consumer", "Kafka consumers"),
           ("kafka-producer", "Kafka producer"), ("outbox-relay", "outbox relay")]
LIBRARIES = [("com/mysql/cj", "Connector/J"), ("org/hibernate", "Hibernate"), ("com/fasterxml/jackson", "Jackson"),
             ("io/agroal", "Agroal"), ("com/arjuna", "Narayana"), ("io/netty", "Netty"), ("io/vertx/redis", "Redis client"),
             ("io/quarkus/redis", "Redis client"), ("io/vertx", "Vert.x"), ("io/smallrye/mutiny", "Mutiny"),
             ("resteasy", "RESTEasy"), ("io/quarkus/arc", "ArC"), ("java/security", "crypto"), ("sun/security", "crypto"),
             ("com/flashcart", "flashcart")]
SERVING = {"event loop", "worker", "outbox relay"}


def category(name, table, default):
    return next((label for key, label in table if key in name), default)


def main(files):
    threads, libraries, kernel = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    for path in files:
        for line in open(path):
            stack, _, count = line.rstrip().rpartition(" ")
            frames, count = stack.split(";"), int(count)
            total += count
            thread = category(frames[0], THREADS, "other threads")
            threads[thread] += count
            if any(f.endswith("_[k]") for f in frames):
                kernel[thread] += count
            if thread in SERVING:
                library = next((category(f.replace(".", "/"), LIBRARIES, None) for f in reversed(frames[1:])
                                if category(f.replace(".", "/"), LIBRARIES, None)), "JDK and other")
                libraries[(thread, library)] += count
    print(f"{total} samples")
    for thread, count in threads.most_common():
        print(f"{100 * count / total:5.1f}%  {thread} (kernel {100 * kernel[thread] / total:.1f}%)")
    print()
    for (thread, library), count in libraries.most_common(20):
        print(f"{100 * count / total:5.1f}%  {thread}: {library}")


if __name__ == "__main__":
    main(sys.argv[1:])
