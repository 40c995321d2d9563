import Testing
@testable import ScaleNotebook
@Test func placeholderNotebook() { #expect(1 + 1 == 2) }
