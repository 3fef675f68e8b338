import Crypto
import Testing

@Suite struct CryptoTests {
    @Test func sha256KnownAnswers() {
        #expect(SHA256.hash([]).hexString == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hash("abc").hexString == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func hmacRFC4231Cases() {
        // RFC 4231 test case 1 and 2.
        let mac1 = HMACSHA256.authenticationCode(for: "Hi There", key: [UInt8](repeating: 0x0b, count: 20))
        #expect(mac1.hexString == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        let mac2 = HMACSHA256.authenticationCode(for: "what do ya want for nothing?", key: Array("Jefe".utf8))
        #expect(mac2.hexString == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func hexRoundTrip() {
        let bytes: [UInt8] = [0x00, 0x7f, 0x80, 0xff, 0x12]
        #expect(bytes.hexString == "007f80ff12")
        #expect(Hex.decode("007F80ff12") == bytes)
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
    }

    @Test func randomAndUUID() {
        #expect(SecureBytes.random(count: 32).count == 32)
        #expect(SecureBytes.random(count: 32) != SecureBytes.random(count: 32))
        let uuid = SecureBytes.uuidString()
        #expect(uuid.count == 36)
        #expect(Array(uuid)[14] == "4")
        #expect(uuid.split(separator: "-").map(\.count) == [8, 4, 4, 4, 12])
    }

    @Test func constantTimeEquals() {
        #expect(SecureBytes.constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!SecureBytes.constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!SecureBytes.constantTimeEquals([1, 2, 3], [1, 2]))
        #expect(SecureBytes.constantTimeEquals([], []))
    }
}
