using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Seeding.Analyzers.CodeFixes.Rules;
using Seeding.Analyzers.Rules;
using Seeding.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Seeding.Analyzers.Tests.CodeFixes
{
    public sealed class RandomnessOutsideTorchSeedCodeFixProviderTests
    {
        private const string AddSeed = RandomnessOutsideTorchSeedCodeFixProvider.AddSeedKey;

        private static Task VerifyAsync(string source, string fixedSource, string? editorConfig = null)
            => Verify.CodeFixAsync<RandomnessOutsideTorchSeedAnalyzer, RandomnessOutsideTorchSeedCodeFixProvider>(
                source, fixedSource, AddSeed, editorConfig, Libraries.TorchVision);

        [Fact]
        public Task LoaderGetsANamedSeedAfterItsArguments()
            => VerifyAsync(
                """
                using TorchSharp;
                using TorchSharp.Modules;

                class C
                {
                    void M(torch.utils.data.Dataset data)
                    {
                        var a = {|SEED006:torch.utils.data.DataLoader(data, 32, shuffle: true)|};
                        var b = {|SEED006:torch.utils.data.DataLoader(data, 32, true /* shuffle */)|};
                        DataLoader c = {|SEED006:new(data, 32, shuffle: true, drop_last: true)|};
                    }
                }
                """,
                """
                using TorchSharp;
                using TorchSharp.Modules;

                class C
                {
                    void M(torch.utils.data.Dataset data)
                    {
                        var a = torch.utils.data.DataLoader(data, 32, shuffle: true, seed: 42);
                        var b = torch.utils.data.DataLoader(data, 32, true /* shuffle */, seed: 42);
                        DataLoader c = new(data, 32, shuffle: true, drop_last: true, seed: 42);
                    }
                }
                """);

        [Fact]
        public Task NullSeedsAreReplaced()
            => VerifyAsync(
                """
                using TorchSharp;
                using TorchSharp.Modules;

                class C
                {
                    void M(torch.utils.data.Dataset data)
                    {
                        var a = {|SEED006:new DataLoader(data, 32, shuffle: true, seed: null, num_worker: 2)|};
                        var b = {|SEED006:torch.utils.data.DataLoader(data, 32, true, null, null, 2)|};
                    }
                }
                """,
                """
                using TorchSharp;
                using TorchSharp.Modules;

                class C
                {
                    void M(torch.utils.data.Dataset data)
                    {
                        var a = new DataLoader(data, 32, shuffle: true, seed: 42, num_worker: 2);
                        var b = torch.utils.data.DataLoader(data, 32, true, null, seed: 42, 2);
                    }
                }
                """);

        [Fact]
        public Task ArgumentsOnTheirOwnLinesStayThatWay()
            => VerifyAsync(
                """
                using TorchSharp;

                class C
                {
                    object M(torch.utils.data.Dataset data)
                        => {|SEED006:torch.utils.data.DataLoader(
                            data,
                            batchSize: 32,
                            shuffle: true // training order
                        )|};
                }
                """,
                """
                using TorchSharp;

                class C
                {
                    object M(torch.utils.data.Dataset data)
                        => torch.utils.data.DataLoader(
                            data,
                            batchSize: 32,
                            shuffle: true,
                            seed: 42 // training order
                        );
                }
                """);

        [Fact]
        public Task ShufflerAndGenericLoaderGetTheConfiguredSeed()
            => VerifyAsync(
                """
                using System.Collections.Generic;
                using TorchSharp;
                using TorchSharp.Modules;
                using TorchSharp.Utils;

                class C
                {
                    object A(torch.utils.data.Dataset data) => torch.utils.data.DataLoader(data, 32, {|SEED006:new FisherYatesShuffler(data.Count)|});

                    object B(torch.utils.data.Dataset<long> data)
                        => {|SEED006:new DataLoader<long, torch.Tensor>(data, 8, (IEnumerable<long> items, torch.Device device) => torch.zeros(1), shuffle: true)|};
                }
                """,
                """
                using System.Collections.Generic;
                using TorchSharp;
                using TorchSharp.Modules;
                using TorchSharp.Utils;

                class C
                {
                    object A(torch.utils.data.Dataset data) => torch.utils.data.DataLoader(data, 32, new FisherYatesShuffler(data.Count, seed: 7));

                    object B(torch.utils.data.Dataset<long> data)
                        => new DataLoader<long, torch.Tensor>(data, 8, (IEnumerable<long> items, torch.Device device) => torch.zeros(1), shuffle: true, seed: 7);
                }
                """,
                "root = true\n[*.cs]\nseeding.default_seed = 7\n");

        [Fact]
        public Task UsesTheTypesSeedConstant()
            => VerifyAsync(
                """
                using TorchSharp;

                class Trainer
                {
                    public const int Seed = 1234;

                    object M(torch.utils.data.Dataset data) => {|SEED006:torch.utils.data.DataLoader(data, 32, shuffle: true)|};
                }
                """,
                """
                using TorchSharp;

                class Trainer
                {
                    public const int Seed = 1234;

                    object M(torch.utils.data.Dataset data) => torch.utils.data.DataLoader(data, 32, shuffle: true, seed: Seed);
                }
                """);

        [Fact]
        public Task FixAllSeedsEveryLoaderAndLeavesTheTransformsFlagged()
        {
            var test = new CodeFixTest<RandomnessOutsideTorchSeedAnalyzer, RandomnessOutsideTorchSeedCodeFixProvider>(Libraries.TorchVision)
            {
                TestCode = """
                using TorchSharp;
                using static TorchSharp.torchvision;

                class C
                {
                    void M(torch.utils.data.Dataset train, torch.utils.data.Dataset test, bool shuffleTest)
                    {
                        torch.manual_seed(1);
                        var augment = {|SEED006:transforms.RandomRotation(15)|};
                        var a = {|SEED006:torch.utils.data.DataLoader(train, 32, shuffle: true)|};
                        var b = {|SEED006:torch.utils.data.DataLoader(test, 32, shuffle: shuffleTest)|};
                        var c = torch.utils.data.DataLoader(test, 32);
                    }
                }
                """,
                FixedCode = """
                using TorchSharp;
                using static TorchSharp.torchvision;

                class C
                {
                    void M(torch.utils.data.Dataset train, torch.utils.data.Dataset test, bool shuffleTest)
                    {
                        torch.manual_seed(1);
                        var augment = {|SEED006:transforms.RandomRotation(15)|};
                        var a = torch.utils.data.DataLoader(train, 32, shuffle: true, seed: 42);
                        var b = torch.utils.data.DataLoader(test, 32, shuffle: shuffleTest, seed: 42);
                        var c = torch.utils.data.DataLoader(test, 32);
                    }
                }
                """,
                CodeActionEquivalenceKey = AddSeed,
            };

            // The transform has no fix: it stays flagged in the fixed code.
            test.FixedState.MarkupHandling = MarkupMode.Allow;
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task NoFixForTransformsThatCannotBeSeeded()
        {
            const string Source = """
                using static TorchSharp.torchvision;

                class C
                {
                    object A() => {|SEED006:transforms.RandomResizedCrop(224)|};
                    object B() => {|SEED006:transforms.RandomOrder(transforms.HorizontalFlip())|};
                    object D() => {|SEED006:transforms.RandomPerspective()|};
                }
                """;
            var test = new CodeFixTest<RandomnessOutsideTorchSeedAnalyzer, RandomnessOutsideTorchSeedCodeFixProvider>(Libraries.TorchVision)
            {
                TestCode = Source,
                FixedCode = Source,
            };
            return test.RunAsync(CancellationToken.None);
        }
    }
}
