using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Seeding.Analyzers.CodeFixes.Rules;
using Seeding.Analyzers.Rules;
using Seeding.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Seeding.Analyzers.Tests.RuleSet
{
    /// <summary>Checks that hold for every rule of the package, so a new rule cannot skip them.</summary>
    public sealed class RuleSetTests
    {
        public static TheoryData<Type> Analyzers() => TypesOf<DiagnosticAnalyzer>(typeof(UnseededRandomAnalyzer).Assembly);

        public static TheoryData<Type> Fixers() => TypesOf<CodeFixProvider>(typeof(UnseededRandomCodeFixProvider).Assembly);

        public static TheoryData<string> Ids() => new(AllDescriptors().Select(descriptor => descriptor.Id).Distinct());

        [Theory]
        [MemberData(nameof(Analyzers))]
        public async Task AnalyzerIsQuietAndDoesNotThrowOnEmptySource(Type analyzerType)
        {
            var analyzer = (DiagnosticAnalyzer)Activator.CreateInstance(analyzerType)!;
            var exceptions = new List<Exception>();
            var compilation = CSharpCompilation.Create(
                "Empty",
                new[] { CSharpSyntaxTree.ParseText(string.Empty) },
                TestReferences.Net.AddRange(TestReferences.TorchSharp),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (exception, _, _) => exceptions.Add(exception),
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false);

            var diagnostics = await compilation
                .WithAnalyzers(ImmutableArray.Create(analyzer), options)
                .GetAnalyzerDiagnosticsAsync();

            Assert.Empty(diagnostics);
            Assert.Empty(exceptions);
        }

        [Theory]
        [MemberData(nameof(Analyzers))]
        public void AnalyzerIsCSharpAndSupportsAtLeastOneRule(Type analyzerType)
        {
            var attribute = analyzerType.GetCustomAttribute<DiagnosticAnalyzerAttribute>();
            Assert.NotNull(attribute);
            Assert.Equal(new[] { LanguageNames.CSharp }, attribute!.Languages);
            Assert.NotEmpty(((DiagnosticAnalyzer)Activator.CreateInstance(analyzerType)!).SupportedDiagnostics);
        }

        [Theory]
        [MemberData(nameof(Ids))]
        public void HelpLinkNamesAnExistingDocsPage(string id)
        {
            foreach (var descriptor in AllDescriptors().Where(descriptor => descriptor.Id == id))
            {
                Assert.Equal(Descriptors.HelpLinkBase + id + ".md", descriptor.HelpLinkUri);
                Assert.Equal(Descriptors.Category, descriptor.Category);
            }

            var page = Path.Combine(TestReferences.RepositoryRoot, "docs", "rules", id + ".md");
            Assert.True(File.Exists(page), $"missing {page}");
            Assert.StartsWith("# " + id, File.ReadAllText(page));
        }

        [Theory]
        [MemberData(nameof(Ids))]
        public void IdIsInTheReleaseTrackingFiles(string id)
        {
            var analyzers = Path.Combine(TestReferences.RepositoryRoot, "src", "Analyzers");
            var tracked = File.ReadAllLines(Path.Combine(analyzers, "AnalyzerReleases.Shipped.md"))
                .Concat(File.ReadAllLines(Path.Combine(analyzers, "AnalyzerReleases.Unshipped.md")))
                .Select(line => line.Split('|')[0].Trim())
                .ToHashSet();
            Assert.Contains(id, tracked);
        }

        [Theory]
        [MemberData(nameof(Ids))]
        public void IdIsDeclaredInDiagnosticIdsAndListedInTheReadme(string id)
        {
            var declared = typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Select(field => (string?)field.GetRawConstantValue());
            Assert.Contains(id, declared);

            var readme = File.ReadAllText(Path.Combine(TestReferences.RepositoryRoot, "README.md"));
            Assert.Matches(new Regex(@"\|\s*\[" + id + @"\]\(docs/rules/" + id + @"\.md\)"), readme);
        }

        [Fact]
        public void EveryDeclaredIdHasADescriptor()
        {
            var described = AllDescriptors().Select(descriptor => descriptor.Id).ToHashSet();
            foreach (var field in typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                Assert.Contains((string)field.GetRawConstantValue()!, described);
            }
        }

        [Theory]
        [MemberData(nameof(Fixers))]
        public void FixerIsExportedSharedAndFixesKnownRules(Type fixerType)
        {
            var export = fixerType.GetCustomAttribute<ExportCodeFixProviderAttribute>();
            Assert.NotNull(export);
            Assert.Contains(LanguageNames.CSharp, export!.Languages);
            Assert.Equal(fixerType.Name, export.Name);
            Assert.NotNull(fixerType.GetCustomAttribute<SharedAttribute>());

            var fixer = (CodeFixProvider)Activator.CreateInstance(fixerType)!;
            Assert.NotEmpty(fixer.FixableDiagnosticIds);
            var known = AllDescriptors().Select(descriptor => descriptor.Id).ToHashSet();
            Assert.All(fixer.FixableDiagnosticIds, id => Assert.Contains(id, known));
            Assert.NotNull(fixer.GetFixAllProvider());
        }

        private static IEnumerable<DiagnosticDescriptor> AllDescriptors()
            => typeof(UnseededRandomAnalyzer).Assembly.GetTypes()
                .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type))
                .SelectMany(type => ((DiagnosticAnalyzer)Activator.CreateInstance(type)!).SupportedDiagnostics);

        private static TheoryData<Type> TypesOf<T>(Assembly assembly)
            => new(assembly.GetTypes()
                .Where(type => !type.IsAbstract && typeof(T).IsAssignableFrom(type))
                .OrderBy(type => type.FullName, StringComparer.Ordinal));
    }
}
