import Foundation
import PlanConfig
import PlanState
import Testing

@Suite struct FileStateStoreTests {
    @Test func missingFileLoadsAsNoState() throws {
        try withStateFixture { fixture throws in
            #expect(try fixture.store().load() == nil)
            // Loading creates nothing.
            #expect(try fixture.listing() == [])
        }
    }

    @Test func roundTrip() throws {
        try withStateFixture { fixture throws in
            let store = fixture.store()
            var original = state(["nightly": 42, "hourly": 43])
            original.plans["pending"] = {
                var record = PlanRecord(name: "pending")
                record.pendingCreate = PendingCreate(startedAt: Date(timeIntervalSince1970: 1_800_000_100), specHash: SpecHash.of(spec()))
                return record
            }()
            let saved = try store.save(original)
            #expect(saved.serial == original.serial + 1)
            var expected = original
            expected.serial += 1
            #expect(saved == expected)
            #expect(try store.load() == expected)
            // A second store on the same path reads the same document.
            #expect(try FileStateStore(path: fixture.statePath).load() == expected)
        }
    }

    @Test func documentIsSortedIndentedJSONWithoutSecrets() throws {
        try withStateFixture { fixture throws in
            _ = try fixture.store().save(state())
            let text = String(decoding: try fixture.bytes(fixture.statePath), as: UTF8.self)
            #expect(text.hasPrefix("{\n  \"endpoint\" : \"https://jmr.example\",\n  \"formatVersion\" : 1,\n  \"lineage\" : "))
            #expect(text.hasSuffix("}\n"))
            #expect(text.contains("\"appliedAt\" : \"2027-01-15T08:00:00Z\""))
            #expect(text.contains("\"specHash\" : \"\(SpecHash.of(spec()))\""))
        }
    }

    @Test func lineageIsKeptAndSerialIncrementsPerSave() throws {
        try withStateFixture { fixture throws in
            let store = fixture.store()
            var current = state()
            let lineage = current.lineage
            var serials: [Int] = []
            for hour in 1...3 {
                current.plans["nightly"]?.spec = spec(hour: hour)
                current = try store.save(current)
                serials.append(current.serial)
                let loaded = try #require(try store.load())
                #expect(loaded.lineage == lineage)
                #expect(loaded.serial == current.serial)
                #expect(loaded.plans["nightly"]?.spec?.schedule.hour == String(hour))
            }
            #expect(serials == [1, 2, 3])
        }
    }

    @Test func atomicWritesLeaveNoTemporaryFiles() throws {
        try withStateFixture { fixture throws in
            let store = fixture.store()
            var current = state()
            for _ in 0..<5 { current = try store.save(current) }
            #expect(try fixture.listing() == ["state.json", "state.json.backup"])
        }
    }

    @Test func backupHoldsThePreviousVersion() throws {
        try withStateFixture { fixture throws in
            let store = fixture.store()
            let first = try store.save(state())
            // The first save has nothing to back up.
            #expect(!FileManager.default.fileExists(atPath: store.backupPath))
            let firstBytes = try fixture.bytes(fixture.statePath)
            var next = first
            next.plans["nightly"]?.spec = spec(hour: 5)
            let second = try store.save(next)
            #expect(try fixture.bytes(store.backupPath) == firstBytes)
            let backup = try StateCoding.decode(try fixture.bytes(store.backupPath), store: store.backupPath, backup: nil)
            #expect(backup == first)
            #expect(try store.load() == second)
        }
    }

    @Test func stateAndBackupAreOwnerOnly() throws {
        try withStateFixture { fixture throws in
            let store = fixture.store()
            let first = try store.save(state())
            _ = try store.save(first)
            #expect(try fixture.mode(fixture.statePath) == 0o600)
            #expect(try fixture.mode(store.backupPath) == 0o600)
        }
    }

    @Test func backupOfAHandWrittenStateIsOwnerOnlyToo() throws {
        try withStateFixture { fixture throws in
            let store = fixture.store()
            // A state file someone copied in with a permissive mode.
            try StateCoding.encode(state()).write(to: URL(fileURLWithPath: fixture.statePath))
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: fixture.statePath)
            let loaded = try #require(try store.load())
            _ = try store.save(loaded)
            #expect(try fixture.mode(fixture.statePath) == 0o600)
            #expect(try fixture.mode(store.backupPath) == 0o600)
        }
    }

    @Test func corruptStateIsRefusedAndLeftUntouched() throws {
        try withStateFixture { fixture throws in
            let store = fixture.store()
            let saved = try store.save(state())
            _ = try store.save(saved)
            let garbage = Data("{\"formatVersion\": 1, \"plans\": {".utf8)
            try garbage.write(to: URL(fileURLWithPath: fixture.statePath))
            let backupBefore = try fixture.bytes(store.backupPath)
            let error = #expect(throws: StateError.self) { try store.load() }
            guard case .corrupt(let name, _, let backup) = error else {
                Issue.record("expected .corrupt, got \(String(describing: error))")
                return
            }
            #expect(name == fixture.statePath)
            #expect(backup == store.backupPath)
            let message = error?.description ?? ""
            #expect(message.hasPrefix("state \(fixture.statePath) is not valid state JSON ("))
            #expect(message.hasSuffix("); it was left untouched. The previous version is in \(store.backupPath): inspect it and copy it over the state if it is right"))
            #expect(try fixture.bytes(fixture.statePath) == garbage)
            #expect(try fixture.bytes(store.backupPath) == backupBefore)
        }
    }

    @Test func corruptStateWithoutBackupSaysSo() throws {
        try withStateFixture { fixture throws in
            try Data("not json".utf8).write(to: URL(fileURLWithPath: fixture.statePath))
            let error = #expect(throws: StateError.self) { try fixture.store().load() }
            #expect(error?.description.hasSuffix("; it was left untouched") == true)
        }
    }

    @Test func wrongShapeNamesTheField() throws {
        try withStateFixture { fixture throws in
            try Data(#"{"formatVersion": 1, "lineage": "x", "serial": "three", "plans": {}}"#.utf8)
                .write(to: URL(fileURLWithPath: fixture.statePath))
            let error = #expect(throws: StateError.self) { try fixture.store().load() }
            guard case .corrupt(_, let detail, nil) = error else {
                Issue.record("expected .corrupt without backup, got \(String(describing: error))")
                return
            }
            #expect(detail.hasPrefix("serial: "))
        }
    }

    @Test func missingFormatVersionIsCorrupt() throws {
        try withStateFixture { fixture throws in
            try Data(#"{"lineage": "x", "serial": 1, "plans": {}}"#.utf8).write(to: URL(fileURLWithPath: fixture.statePath))
            #expect(throws: StateError.corrupt(store: fixture.statePath, detail: "no formatVersion", backup: nil)) {
                try fixture.store().load()
            }
        }
    }

    @Test func unknownFormatVersionIsRefused() throws {
        try withStateFixture { fixture throws in
            // Checked before anything else, so a newer layout is not misread as corrupt.
            let newer = Data(#"{"formatVersion": 2, "plans": [], "somethingNew": true}"#.utf8)
            try newer.write(to: URL(fileURLWithPath: fixture.statePath))
            let error = #expect(throws: StateError.self) { try fixture.store().load() }
            #expect(error == .unknownFormatVersion(store: fixture.statePath, found: 2))
            #expect(error?.description == "state \(fixture.statePath) has formatVersion 2; this jmr-apply reads version 1. Upgrade jmr-apply")
            #expect(try fixture.bytes(fixture.statePath) == newer)
        }
    }

    @Test func saveRefusesToOverwriteAStateChangedSinceItWasLoaded() throws {
        try withStateFixture { fixture throws in
            _ = try fixture.store().save(state())
            let a = fixture.store(), b = fixture.store()
            let loadedA = try #require(try a.load())
            var loadedB = try #require(try b.load())
            _ = try a.save(loadedA)
            loadedB.plans["other"] = PlanRecord(name: "other", planId: 7, spec: spec())
            #expect(throws: StateError.conflict(store: fixture.statePath, expectedSerial: 1, foundSerial: 2)) {
                try b.save(loadedB)
            }
            #expect(try a.load()?.plans["other"] == nil)
            #expect(try a.load()?.serial == 2)
        }
    }

    @Test func firstSaveOverAnExistingStateIsAConflict() throws {
        try withStateFixture { fixture throws in
            _ = try fixture.store().save(state())
            // A run that saw no state must not replace one written meanwhile.
            #expect(throws: StateError.conflict(store: fixture.statePath, expectedSerial: 0, foundSerial: 1)) {
                try fixture.store().save(State(region: "cn-north-1"))
            }
        }
    }
}
