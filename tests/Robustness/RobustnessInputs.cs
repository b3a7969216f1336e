using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Seeding.Analyzers.Tests.Infrastructure;

namespace Seeding.Analyzers.Tests.Robustness
{
    /// <summary>One program the robustness suites run on: one or more source files.</summary>
    internal sealed class RobustnessInput
    {
        public RobustnessInput(string name, IReadOnlyList<(string Path, string Text)> documents)
        {
            Name = name;
            Documents = documents;
        }

        /// <summary>Where the input comes from: "Corpus/Name.cs.txt" or "Analyzers/XTests.cs:123".</summary>
        public string Name { get; }

        public IReadOnlyList<(string Path, string Text)> Documents { get; }

        /// <summary>A hand-written program of tests/Robustness/Corpus (unusual code), not another test's source.</summary>
        public bool IsCorpus => Name.StartsWith("Robustness/Corpus/", System.StringComparison.Ordinal);

        public override string ToString() => Name;
    }

    /// <summary>
    /// Every input of the robustness suites, read once: the hand-written programs under
    /// tests/Robustness/Corpus, the end-to-end fixture, and every C# source written as a string
    /// literal in the other tests (the sources they analyze and the fixed sources they expect),
    /// with the test markup removed. The other tests' sources are read from their files rather
    /// than copied, so a test added anywhere joins the suites by itself.
    /// </summary>
    internal static class RobustnessInputs
    {
        /// <summary>In a corpus file, a line of this form starts another source file of the same program.</summary>
        private const string FileSeparator = "//// file: ";

        private static readonly Lazy<IReadOnlyList<RobustnessInput>> LazyAll = new(Load);

        /// <summary>{|SEED001:, {|#0:, [|, |], |}: the markup of Microsoft.CodeAnalysis.Testing.</summary>
        private static readonly Regex Markup = new(@"\{\|[^:|{}\s]*:|\|\}|\[\||\|\]", RegexOptions.CultureInvariant);

        public static IReadOnlyList<RobustnessInput> All => LazyAll.Value;

        public static RobustnessInput Get(string name) => All.Single(input => input.Name == name);

        /// <summary>Input names for xunit theories: one row per input.</summary>
        public static IEnumerable<object[]> Names() => All.Select(input => new object[] { input.Name });

        /// <summary>Names of the hand-written corpus inputs only.</summary>
        public static IEnumerable<object[]> CorpusNames() => All.Where(input => input.IsCorpus).Select(input => new object[] { input.Name });

        private static IReadOnlyList<RobustnessInput> Load()
        {
            var tests = Path.Combine(TestReferences.RepositoryRoot, "tests");
            var inputs = new List<RobustnessInput>();
            var seen = new HashSet<string>(StringComparer.Ordinal);

            foreach (var file in SortedFiles(Path.Combine(tests, "Robustness", "Corpus"), "*.cs.txt")
                .Concat(SortedFiles(Path.Combine(tests, "EndToEnd", "Fixtures"), "*.cs.txt")))
            {
                var text = File.ReadAllText(file).Replace("\r\n", "\n");
                if (seen.Add(text))
                {
                    inputs.Add(new RobustnessInput(Relative(tests, file), SplitFiles(Path.GetFileName(file), text)));
                }
            }

            foreach (var file in SortedFiles(tests, "*.cs"))
            {
                var relative = Relative(tests, file);
                if (relative.StartsWith("Robustness/", StringComparison.Ordinal)
                    || relative.StartsWith("obj/", StringComparison.Ordinal)
                    || relative.StartsWith("bin/", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (var (line, source) in SourcesWrittenIn(File.ReadAllText(file)))
                {
                    if (seen.Add(source))
                    {
                        inputs.Add(new RobustnessInput(relative + ":" + line, new[] { ("/Program.cs", source) }));
                    }
                }
            }

            return inputs;
        }

        /// <summary>String literals of a test file that hold C# code (not .editorconfig text, project files or fragments).</summary>
        private static IEnumerable<(int Line, string Source)> SourcesWrittenIn(string testFile)
        {
            var root = CSharpSyntaxTree.ParseText(testFile).GetRoot();
            foreach (var token in root.DescendantTokens())
            {
                if (!token.IsKind(SyntaxKind.StringLiteralToken)
                    && !token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken)
                    && !token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken))
                {
                    continue;
                }

                var source = Markup.Replace(token.ValueText, string.Empty).Replace("\r\n", "\n");
                if (LooksLikeCSharp(source))
                {
                    yield return (token.GetLocation().GetLineSpan().StartLinePosition.Line + 1, source);
                }
            }
        }

        private static bool LooksLikeCSharp(string text)
        {
            var trimmed = text.TrimStart();
            if (trimmed.Length < 20
                || trimmed.StartsWith("<", StringComparison.Ordinal)
                || trimmed.StartsWith("root", StringComparison.Ordinal)
                || trimmed.StartsWith("is_global", StringComparison.Ordinal)
                || trimmed.StartsWith("[*", StringComparison.Ordinal)
                || (text.IndexOf(';') < 0 && text.IndexOf('{') < 0))
            {
                return false;
            }

            // Declarations or statements, not a message: a one-line text must parse cleanly
            // (sources that are broken on purpose span several lines).
            var tree = CSharpSyntaxTree.ParseText(text);
            var unit = (CompilationUnitSyntax)tree.GetRoot();
            return unit.Members.Any(member => member is not IncompleteMemberSyntax)
                && (text.TrimEnd().Contains('\n') || !tree.GetDiagnostics().Any(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error));
        }

        private static IReadOnlyList<(string Path, string Text)> SplitFiles(string fileName, string text)
        {
            var documents = new List<(string Path, string Text)>();
            var path = "/" + fileName.Replace(".cs.txt", ".cs", StringComparison.Ordinal);
            var start = 0;
            while (true)
            {
                var next = text.IndexOf("\n" + FileSeparator, start, StringComparison.Ordinal);
                var end = next < 0 ? text.Length : next + 1;
                if (end > start || documents.Count == 0)
                {
                    documents.Add((path, text.Substring(start, end - start)));
                }

                if (next < 0)
                {
                    return documents;
                }

                var nameStart = next + 1 + FileSeparator.Length;
                var lineEnd = text.IndexOf('\n', nameStart);
                path = "/" + text.Substring(nameStart, (lineEnd < 0 ? text.Length : lineEnd) - nameStart).Trim();
                start = lineEnd < 0 ? text.Length : lineEnd + 1;
            }
        }

        private static IEnumerable<string> SortedFiles(string directory, string pattern)
            => Directory.Exists(directory)
                ? Directory.GetFiles(directory, pattern, SearchOption.AllDirectories).OrderBy(path => path, StringComparer.Ordinal)
                : Enumerable.Empty<string>();

        private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
    }
}
