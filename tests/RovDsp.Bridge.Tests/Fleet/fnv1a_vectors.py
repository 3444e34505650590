#!/usr/bin/env python3
"""Independent oracle of the bridge's shard hash (docs/topics.md, "Sharding"): FNV-1a 32-bit over the UTF-8 bytes
of the vehicle id, shard = hash mod N. Prints the vectors ShardAssignmentTests checks; run it to check them again:
    python3 tests/RovDsp.Bridge.Tests/Fleet/fnv1a_vectors.py
"" and "a" are the FNV reference vectors (0x811c9dc5, 0xe40c292c)."""

def fnv1a32(text):
    h = 0x811C9DC5
    for b in text.encode("utf-8"):
        h ^= b
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h

for vehicle in ["", "a", "rov1", "rov2", "rov3", "rov4", "rov5", "rov6", "rov7", "rov8", "collector", "riser-01", "ROV_9", "véhicule"]:
    h = fnv1a32(vehicle)
    print(f'[InlineData("{vehicle}", {h}u, {h % 4}, {h % 3})]')
