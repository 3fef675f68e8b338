import Foundation
import JMRAPI
import Testing

@Suite struct CredentialsTests {
    /// A temporary home directory with an optional ~/.jdc/config and ~/.jdc/current.
    final class TempHome {
        let path: String

        init(config: String?, current: String? = nil) throws {
            path = NSTemporaryDirectory() + "jmr-creds-" + UUID().uuidString
            let jdc = path + "/.jdc"
            try FileManager.default.createDirectory(atPath: jdc, withIntermediateDirectories: true)
            if let config { try config.write(toFile: jdc + "/config", atomically: true, encoding: .utf8) }
            if let current { try current.write(toFile: jdc + "/current", atomically: true, encoding: .utf8) }
        }

        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    static let config = """
        # jdc CLI configuration
        [default]
        access_key = AKDEFAULT0001
        secret_key = default-secret
        region_id = cn-north-1
        endpoint = www.jdcloud-api.com
        scheme = https
        timeout = 20

        [prod]
        access_key: AKPROD00002
        secret_key: prod-secret
        region_id = cn-east-2

        [broken]
        access_key = AKBROKEN
        """

    @Test func environmentWinsWithoutAnExplicitProfile() throws {
        let home = try TempHome(config: Self.config)
        let env = ["JDCLOUD_ACCESS_KEY": "AKENV000001", "JDCLOUD_SECRET_KEY": "env-secret", "JDCLOUD_SESSION_TOKEN": "env-token"]
        let resolved = try CredentialsResolver(environment: env, homeDirectory: home.path).resolve()
        #expect(resolved.source == .environment)
        #expect(resolved.credentials == JDCloudCredentials(accessKey: "AKENV000001", secretKey: "env-secret", sessionToken: "env-token"))
        #expect(resolved.regionId == nil)
    }

    @Test func explicitProfileWinsOverEnvironment() throws {
        let home = try TempHome(config: Self.config)
        let env = ["JDCLOUD_ACCESS_KEY": "AKENV000001", "JDCLOUD_SECRET_KEY": "env-secret", "JDC_PROFILE": "default"]
        let resolved = try CredentialsResolver(environment: env, homeDirectory: home.path).resolve(profile: "prod")
        #expect(resolved.credentials.accessKey == "AKPROD00002")
        #expect(resolved.credentials.secretKey == "prod-secret")
        #expect(resolved.regionId == "cn-east-2")
        #expect(resolved.source == .configFile(path: home.path + "/.jdc/config", profile: "prod"))
    }

    @Test func profileFromEnvironmentThenCurrentThenDefault() throws {
        let home = try TempHome(config: Self.config, current: "prod\n")
        let viaEnv = try CredentialsResolver(environment: ["JDC_PROFILE": "default"], homeDirectory: home.path).resolve()
        #expect(viaEnv.credentials.accessKey == "AKDEFAULT0001")
        #expect(viaEnv.endpoint == "www.jdcloud-api.com")
        #expect(viaEnv.scheme == "https")
        #expect(viaEnv.timeoutSeconds == 20)
        let viaCurrent = try CredentialsResolver(environment: [:], homeDirectory: home.path).resolve()
        #expect(viaCurrent.credentials.accessKey == "AKPROD00002")
        let plain = try TempHome(config: Self.config)
        let viaDefault = try CredentialsResolver(environment: [:], homeDirectory: plain.path).resolve()
        #expect(viaDefault.credentials.accessKey == "AKDEFAULT0001")
        #expect(viaDefault.source == .configFile(path: plain.path + "/.jdc/config", profile: "default"))
    }

    @Test func clearErrors() throws {
        let empty = try TempHome(config: nil)
        let missing = #expect(throws: CredentialsError.self) {
            try CredentialsResolver(environment: [:], homeDirectory: empty.path).resolve()
        }
        #expect(missing?.description.contains("JDCLOUD_ACCESS_KEY") == true)
        #expect(missing?.description.contains("~/.jdc/config") == true)

        let home = try TempHome(config: Self.config)
        let unknown = #expect(throws: CredentialsError.self) {
            try CredentialsResolver(environment: [:], homeDirectory: home.path).resolve(profile: "staging")
        }
        #expect(unknown?.description.contains("profile 'staging' not found") == true)
        #expect(unknown?.description.contains("broken, default, prod") == true)

        let incomplete = #expect(throws: CredentialsError.self) {
            try CredentialsResolver(environment: [:], homeDirectory: home.path).resolve(profile: "broken")
        }
        #expect(incomplete?.description.contains("lacks access_key or secret_key") == true)

        let half = #expect(throws: CredentialsError.self) {
            try CredentialsResolver(environment: ["JDCLOUD_ACCESS_KEY": "AKONLY"], homeDirectory: home.path).resolve()
        }
        #expect(half?.description.contains("JDCLOUD_SECRET_KEY is not") == true)
        for error in [missing, unknown, incomplete, half].compactMap({ $0 }) {
            #expect(!error.description.contains("default-secret") && !error.description.contains("prod-secret"))
        }
    }

    @Test func iniParsing() {
        let file = JDCConfigFile(parsing: "top=1\n[a]\n; c\nKey = v = w\n[ b ]\nx:y\n")
        #expect(file.profiles == ["a": ["key": "v = w"], "b": ["x": "y"]])
    }
}
