import Testing
@testable import ScaleLang
@Test func placeholderScaleLang() { #expect(1 + 1 == 2) }
