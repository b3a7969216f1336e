using System.Collections.Generic;
using Xunit;

namespace Seeding.Analyzers.Tests.Robustness
{
    /// <summary>
    /// The layout check of the fix-safety suites can fail: it catches what the SEED001 fix did on
    /// a two-space file before issue 10 (a four-space field, the next member re-indented), spaces
    /// in a tab file and a lost CRLF, and lets a correct insertion through.
    /// </summary>
    public sealed class FixLayoutCheckTests
    {
        private const string Before = "class C\n{\n  int A() => 1;\n}\n";

        [Fact]
        public void TheOldSeed001OutputFailsOnATwoSpaceFile()
        {
            var after = "class C\n{\n    private static readonly System.Random s_random = new System.Random(42);\n    int A() => 1;\n}\n";
            var failures = FixLayout.Check(Before, after, new HashSet<int>(), "  ");
            Assert.Contains(failures, failure => failure.Contains("line 3, not the fix's own, changed"));
        }

        [Fact]
        public void AnInsertedLineDeeperThanItsNeighboursFails()
        {
            var after = "class C\n{\n    private static readonly System.Random s_random = new System.Random(42);\n  int A() => 1;\n}\n";
            var failures = FixLayout.Check(Before, after, new HashSet<int>(), "  ");
            Assert.Contains(failures, failure => failure.Contains("is at depth 2"));
        }

        [Fact]
        public void AnInsertedLineAtTheFilesDepthPasses()
        {
            var after = "class C\n{\n  private static readonly System.Random s_random = new System.Random(42);\n  int A() => 1;\n}\n";
            Assert.Empty(FixLayout.Check(Before, after, new HashSet<int>(), "  "));
        }

        [Fact]
        public void SpacesInATabFileFail()
        {
            var after = "class C\n{\n    private static readonly System.Random s_random = new System.Random(42);\n\tint A() => 1;\n}\n";
            var failures = FixLayout.Check("class C\n{\n\tint A() => 1;\n}\n", after, new HashSet<int>(), "\t");
            Assert.Contains(failures, failure => failure.Contains("not indented with the file's unit"));
        }

        [Fact]
        public void ALostCrlfOnALineTheFixDoesNotOwnFails()
        {
            var before = "class C\r\n{\r\n  int A() => 1;\r\n}\r\n";
            var failures = FixLayout.Check(before, before.Replace("{\r\n", "{\n"), new HashSet<int>(), "  ");
            Assert.Contains(failures, failure => failure.Contains("line 2, not the fix's own, changed"));
        }

        [Fact]
        public void ALineTheFixOwnsMayChange()
            => Assert.Empty(FixLayout.Check(Before, "class C\n{\n  int A() => 2;\n}\n", new HashSet<int> { 2 }, "  "));

        [Fact]
        public void ReindentingKeepsStringsAndUsesTheUnit()
        {
            var text = "class C\n{\n    string S = @\"\n    kept\";\n    int A() => 1;\n}\n";
            Assert.Equal("class C\r\n{\r\n\tstring S = @\"\r\n    kept\";\r\n\tint A() => 1;\r\n}\r\n", FixLayout.Reindent(text, "\t", "\r\n"));
        }
    }
}
