using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using CompilerDiagnostics = Microsoft.CodeAnalysis.Testing.CompilerDiagnostics;
using DiagnosticResult = Microsoft.CodeAnalysis.Testing.DiagnosticResult;
using Seeding.Analyzers.Rules;
using Seeding.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Seeding.Analyzers.Tests.Analyzers
{
    public sealed class UnseededGpuGeneratorAnalyzerTests
    {
        /// <summary>The diagnostic at markup location 0, naming <paramref name="use"/>.</summary>
        private static DiagnosticResult Gpu(string use)
            => new DiagnosticResult(Descriptors.UnseededGpuGenerator).WithLocation(0).WithArguments("'" + use + "'");

        /// <summary>The diagnostic at location 0 whose additional location (the CPU seed the fix follows) is location 1.</summary>
        private static DiagnosticResult GpuAfterSeed(string use) => Gpu(use).WithLocation(1);

        private static Task VerifyAsync(string source, params DiagnosticResult[] expected)
            => VerifyAsync(new[] { source }, OutputKind.DynamicallyLinkedLibrary, Libraries.TorchSharp, expected);

        private static Task VerifyProgramAsync(string source, params DiagnosticResult[] expected)
            => VerifyAsync(new[] { source }, OutputKind.ConsoleApplication, Libraries.TorchSharp, expected);

        private static Task VerifyAsync(string[] sources, OutputKind kind, Libraries libraries, params DiagnosticResult[] expected)
        {
            var test = new AnalyzerTest<UnseededGpuGeneratorAnalyzer>(libraries);
            for (var i = 0; i < sources.Length; i++)
            {
                test.TestState.Sources.Add(("/0/Test" + i + ".cs", sources[i]));
            }

            test.TestState.OutputKind = kind;
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync();
        }

        [Fact]
        public Task FlagsTensorCudaInATopLevelProgramAndPointsAtTheCpuSeed()
            => VerifyProgramAsync(
                """
                using TorchSharp;

                {|#1:torch.manual_seed(1)|};
                var t = torch.ones(3).{|#0:cuda()|};
                """,
                GpuAfterSeed("cuda()"));

        [Fact]
        public Task FlagsModuleCudaExtensionInMainWithoutAnySeed()
            => VerifyProgramAsync(
                """
                using TorchSharp;
                using static TorchSharp.torch;

                class Program
                {
                    static void Main()
                    {
                        var model = nn.Linear(1, 1).{|#0:cuda()|};
                    }
                }
                """,
                Gpu("cuda()"));

        [Theory]
        [InlineData("var d = torch.device(\"cuda\");", "torch.device(\"cuda\")")]
        [InlineData("var d = torch.device(\"CUDA:1\");", "torch.device(\"CUDA:1\")")]
        [InlineData("var d = torch.device(0);", "torch.device(0)")]
        [InlineData("var d = torch.device(DeviceType.CUDA, 1);", "torch.device(DeviceType.CUDA, 1)")]
        [InlineData("var d = new torch.Device(\"cuda:0\");", "new torch.Device(\"cuda:0\")")]
        [InlineData("var d = new torch.Device(DeviceType.CUDA);", "new torch.Device(DeviceType.CUDA)")]
        [InlineData("var d = torch.CUDA;", "torch.CUDA")]
        [InlineData("var d = torch.cuda.is_available() ? torch.CUDA : torch.CPU;", "torch.CUDA")]
        [InlineData("var d = DeviceType.CUDA;", "DeviceType.CUDA")]
        [InlineData("torch.Device d = \"cuda\";", "\"cuda\"")]
        [InlineData("torch.set_default_device(\"cuda\");", "torch.set_default_device(\"cuda\")")]
        [InlineData("torch.InitializeDeviceType(DeviceType.CUDA);", "torch.InitializeDeviceType(DeviceType.CUDA)")]
        [InlineData("var t = torch.zeros(3, device: \"cuda\");", "\"cuda\"")]
        [InlineData("var t = torch.zeros(3).to(DeviceType.CUDA);", "to(DeviceType.CUDA)")]
        [InlineData("var t = torch.zeros(3).to(\"cuda\");", "to(\"cuda\")")]
        [InlineData("var t = torch.zeros(3).to(torch.CUDA);", "to(torch.CUDA)")]
        [InlineData("var t = torch.zeros(3).to(torch.device(\"cuda\"));", "to(torch.device(\"cuda\"))")]
        [InlineData("var t = torch.zeros(3)?.cuda();", "cuda()")]
        [InlineData("var m = torch.nn.ReLU().to(\"cuda\");", "to(\"cuda\")")]
        [InlineData("var m = torch.nn.ReLU().to(DeviceType.CUDA, 0);", "to(DeviceType.CUDA, 0)")]
        [InlineData("var t = torch.zeros(3).to(torch.cuda.is_available() ? \"cuda\" : \"cpu\");", "to(torch.cuda.is_available() ? \"cuda\" : \"cpu\")")]
        public Task FlagsEachWayOfNamingCuda(string statement, string use)
        {
            var marked = statement.Replace(use, "{|#0:" + use + "|}");
            Assert.NotEqual(statement, marked);
            return VerifyAsync(
                "using TorchSharp;\n\nstatic class C\n{\n    static void M()\n    {\n        " + marked + "\n    }\n}\n",
                Gpu(use));
        }

        [Fact]
        public Task FollowsADeviceNameThroughALocal()
            => VerifyAsync(
                """
                using TorchSharp;

                static class C
                {
                    static torch.Tensor M(torch.Tensor t)
                    {
                        var device = torch.cuda.is_available() ? "cuda" : "cpu";
                        return t.{|#0:to(device)|};
                    }
                }
                """,
                Gpu("to(device)"));

        /// <summary>
        /// A local's possible values are every value written to it in the method (see
        /// ValueSources): a CPU default switched to CUDA on some path may run on CUDA.
        /// Before the shared tracker only the initialiser was read, and this was quiet.
        /// </summary>
        [Fact]
        public Task FollowsEveryValueWrittenToADeviceLocal()
            => VerifyAsync(
                """
                using TorchSharp;

                static class C
                {
                    static torch.Tensor M(torch.Tensor t, bool useGpu)
                    {
                        var device = "cpu";
                        if (useGpu)
                        {
                            device = "cuda";
                        }

                        return t.{|#0:to(device)|};
                    }
                }
                """,
                Gpu("to(device)"));

        /// <summary>Through any number of locals (before: two), a switch expression and a "cuda:" prefix.</summary>
        [Theory]
        [InlineData("var a = \"cuda\"; var b = a; var c = b; var d = c;")]
        [InlineData("var d = index switch { < 0 => \"cpu\", _ => \"cuda\" };")]
        [InlineData("var d = \"cuda:\" + index;")]
        public Task FollowsADeviceNameThroughLocalChainsSwitchesAndConcatenation(string declaration)
            => VerifyAsync(
                """
                using TorchSharp;

                static class C
                {
                    static torch.Tensor M(torch.Tensor t, int index)
                    {
                        DECLARATION
                        return t.{|#0:to(d)|};
                    }
                }
                """.Replace("DECLARATION", declaration),
                Gpu("to(d)"));

        [Fact]
        public Task QuietWhenEveryValueWrittenToADeviceLocalIsACpuOrUnknown()
            => VerifyAsync(
                """
                using TorchSharp;

                static class C
                {
                    static torch.Tensor M(torch.Tensor t, string configured, bool fromConfig)
                    {
                        var device = "cpu";
                        if (fromConfig)
                        {
                            device = configured;
                        }

                        var parsed = DeviceType.CPU;
                        System.Enum.TryParse(configured, out parsed);
                        return t.to(device).to(parsed);
                    }
                }
                """);

        [Fact]
        public Task ReportsOnlyTheFirstUseByFileThenPosition()
            => VerifyAsync(
                new[]
                {
                    """
                    using TorchSharp;

                    static class A
                    {
                        static torch.Tensor M(torch.Tensor t) => t.{|#0:cuda()|};

                        static torch.Tensor N(torch.Tensor t) => t.to("cuda");
                    }
                    """,
                    """
                    using TorchSharp;

                    static class B
                    {
                        static torch.Device D() => torch.CUDA;
                    }
                    """,
                },
                OutputKind.DynamicallyLinkedLibrary,
                Libraries.TorchSharp,
                Gpu("cuda()"));

        [Fact]
        public Task PrefersTheCpuSeedInTheEntryPointAsTheFixAnchor()
            => VerifyAsync(
                new[]
                {
                    """
                    using TorchSharp;

                    static class Helpers
                    {
                        public static void Reset() => torch.manual_seed(5);

                        public static torch.Tensor Up(torch.Tensor t) => t.{|#0:cuda()|};
                    }
                    """,
                    """
                    using TorchSharp;

                    class Program
                    {
                        static void Main()
                        {
                            {|#1:torch.random.manual_seed(7)|};
                            Helpers.Up(torch.ones(1));
                        }
                    }
                    """,
                },
                OutputKind.ConsoleApplication,
                Libraries.TorchSharp,
                GpuAfterSeed("cuda()"));

        [Fact]
        public Task WithoutAnEntryPointTheFirstCpuSeedIsTheAnchor()
            => VerifyAsync(
                """
                using TorchSharp;

                static class C
                {
                    static void Setup()
                    {
                        using var g = {|#1:torch.manual_seed(3)|};
                        torch.manual_seed(4);
                    }

                    static torch.Tensor M(torch.Tensor t) => t.{|#0:cuda()|};
                }
                """,
                GpuAfterSeed("cuda()"));

        [Fact]
        public Task CpuStateRestoreIsNotASeedToFollow()
            => VerifyAsync(
                """
                using TorchSharp;

                static class C
                {
                    static torch.Tensor M(torch.Tensor t, torch.Tensor state)
                    {
                        torch.set_rng_state(state);
                        return t.{|#0:cuda()|};
                    }
                }
                """,
                Gpu("cuda()"));

        [Fact]
        public Task InAProgramACudaSeedAfterTheUseComesTooLate()
            => VerifyAsync(
                new[]
                {
                    """
                    using TorchSharp;

                    class Program
                    {
                        static void Main()
                        {
                            {|#1:torch.manual_seed(1)|};
                            var t = {|#0:Gpu.Up(torch.ones(3))|};
                            torch.cuda.manual_seed_all(1);
                        }
                    }
                    """,
                    """
                    using TorchSharp;

                    static class Gpu
                    {
                        public static torch.Tensor Up(torch.Tensor t) => t.cuda();
                    }
                    """,
                },
                OutputKind.ConsoleApplication,
                Libraries.TorchSharp,
                new DiagnosticResult(Descriptors.UnseededGpuGeneratorBeforeSeed).WithLocation(0).WithLocation(1).WithArguments("'Gpu.Up(torch.ones(3))'"));

        /// <summary>
        /// One defect, one diagnostic: a late CUDA seed gives one diagnostic, of the "before the
        /// seed" kind, at the first use that can run before any CUDA seed (here the use on the path
        /// the seed never reaches, which comes first); not the plain kind, not one per use, and
        /// nothing for the use after the seed.
        /// </summary>
        [Fact]
        public Task ALateCudaSeedIsOneDiagnosticWhateverTheUsesAroundIt()
            => VerifyProgramAsync(
                """
                using TorchSharp;

                class Program
                {
                    static void Main(string[] args)
                    {
                        {|#1:torch.manual_seed(1)|};
                        if (args.Length > 0)
                        {
                            var other = torch.ones(1).{|#0:cuda()|};
                            return;
                        }

                        var a = torch.ones(3).cuda();
                        var b = torch.rand(3, device: torch.CUDA);
                        torch.cuda.manual_seed_all(1);
                        var c = torch.ones(2).cuda();
                    }
                }
                """,
                new DiagnosticResult(Descriptors.UnseededGpuGeneratorBeforeSeed).WithLocation(0).WithLocation(1).WithArguments("'cuda()'"));

        /// <summary>
        /// Order-aware: a CUDA seed the entry point never runs clears nothing; a use reached from
        /// the entry point runs before any CUDA seed, and no seed follows it either.
        /// </summary>
        [Fact]
        public Task InAProgramACudaSeedInCodeTheEntryPointNeverRunsClearsNothing()
            => VerifyAsync(
                new[]
                {
                    """
                    using TorchSharp;

                    class Program
                    {
                        static void Main()
                        {
                            {|#1:torch.manual_seed(1)|};
                            var t = Gpu.Up(torch.ones(3));
                        }

                        static void NeverCalled() => torch.cuda.manual_seed_all(1);
                    }
                    """,
                    """
                    using TorchSharp;

                    static class Gpu
                    {
                        public static torch.Tensor Up(torch.Tensor t) => t.{|#0:cuda()|};
                    }
                    """,
                },
                OutputKind.ConsoleApplication,
                Libraries.TorchSharp,
                new DiagnosticResult(Descriptors.UnseededGpuGeneratorBeforeSeed).WithLocation(0).WithLocation(1).WithArguments("'cuda()'"));

        /// <summary>A use that some paths reach with CUDA seeded is left alone (a program that seeds on some paths chose to).</summary>
        [Fact]
        public Task InAProgramAUseAfterACudaSeedOnSomePathsIsLeftAlone()
            => VerifyProgramAsync(
                """
                using TorchSharp;

                class Program
                {
                    static void Main(string[] args)
                    {
                        torch.manual_seed(1);
                        if (args.Length == 0) { torch.cuda.manual_seed_all(1); }
                        var t = torch.ones(3).cuda();
                    }
                }
                """);

        /// <summary>The usual guard: CUDA is seeded when available, and the use's own check puts work on the GPU only then, which the analysis cannot match up.</summary>
        [Fact]
        public Task InAProgramTheAvailabilityGuardIsLeftAlone()
            => VerifyProgramAsync(
                """
                using TorchSharp;

                class Program
                {
                    static void Main(string[] args)
                    {
                        torch.manual_seed(1);
                        if (torch.cuda.is_available()) torch.cuda.manual_seed_all(1);
                        var device = torch.cuda.is_available() ? torch.CUDA : torch.CPU;
                    }
                }
                """);

        /// <summary>A seed in a try whose catch carries on: the use after it is reached seeded on the path without an exception.</summary>
        [Fact]
        public Task InAProgramAUseAfterACudaSeedInATryIsLeftAlone()
            => VerifyProgramAsync(
                """
                using TorchSharp;

                class Program
                {
                    static void Main(string[] args)
                    {
                        torch.manual_seed(1);
                        try { torch.cuda.manual_seed_all(1); } catch (System.Exception) { System.Console.WriteLine(0); }
                        var t = torch.ones(3).cuda();
                    }
                }
                """);

        /// <summary>A CUDA seed in a static constructor runs when the runtime first uses the type: taken to come first.</summary>
        [Fact]
        public Task InAProgramACudaSeedInAStaticConstructorClearsIt()
            => VerifyProgramAsync(
                """
                using TorchSharp;

                class Program
                {
                    static Program() { torch.cuda.manual_seed_all(1); }

                    static void Main(string[] args)
                    {
                        torch.manual_seed(1);
                        var t = torch.ones(3).cuda();
                    }
                }
                """);

        /// <summary>A CUDA seed run by a static initialiser: taken to come first, as a static constructor.</summary>
        [Fact]
        public Task InAProgramACudaSeedInAStaticInitialiserClearsIt()
            => VerifyProgramAsync(
                """
                using TorchSharp;

                class Program
                {
                    static readonly long Seed = Seeding();

                    static long Seeding() { torch.cuda.manual_seed_all(1); return 1; }

                    static void Main(string[] args)
                    {
                        torch.manual_seed(1);
                        var t = torch.ones(3).cuda();
                    }
                }
                """);

        [Fact]
        public Task InAProgramACudaSeedBeforeTheUseOnItsPathClearsIt()
            => VerifyProgramAsync(
                """
                using TorchSharp;

                class Program
                {
                    static void Main(string[] args)
                    {
                        torch.manual_seed(1);
                        if (args.Length > 0)
                        {
                            return;
                        }

                        torch.cuda.manual_seed_all(1);
                        var t = torch.ones(3).cuda();
                    }

                    static torch.Tensor NeverCalled(torch.Tensor t) => t.cuda();
                }
                """);

        [Fact]
        public Task QuietInALibraryWhenCudaIsSeededAnywhereEvenInAnotherFileOrAfterTheUse()
            => VerifyAsync(
                new[]
                {
                    """
                    using TorchSharp;

                    static class A
                    {
                        static torch.Tensor M(torch.Tensor t) => t.cuda();
                    }
                    """,
                    """
                    using TorchSharp;

                    static class B
                    {
                        static void Seed() => torch.cuda.manual_seed_all(1);
                    }
                    """,
                },
                OutputKind.DynamicallyLinkedLibrary,
                Libraries.TorchSharp);

        [Fact]
        public Task QuietWhenTheCurrentCudaDeviceIsSeededUnderUsingStatic()
            => VerifyProgramAsync(
                """
                using static TorchSharp.torch;

                manual_seed(1);
                cuda.manual_seed(1);
                var t = ones(3).to(device("cuda"));
                var u = ones(3).to(CUDA);
                """);

        [Fact]
        public Task FlagsUsingStaticStyle()
            => VerifyProgramAsync(
                """
                using static TorchSharp.torch;

                {|#1:manual_seed(1)|};
                var u = ones(3).{|#0:to(CUDA)|};
                """,
                GpuAfterSeed("to(CUDA)"));

        [Fact]
        public Task QuietOnProbesQueriesAndComparisons()
            => VerifyAsync(
                """
                using TorchSharp;

                static class C
                {
                    static string M(torch.Tensor t)
                    {
                        if (!torch.cuda.is_available() || torch.cuda.device_count() == 0 || !torch.cuda_is_available())
                        {
                            return nameof(torch.CUDA) + nameof(DeviceType.CUDA);
                        }

                        torch.TryInitializeDeviceType(DeviceType.CUDA);
                        var onGpu = t.is_cuda || t.device_type == DeviceType.CUDA || t.device == torch.CUDA;
                        switch (t.device_type)
                        {
                            case DeviceType.CUDA:
                                return "gpu";
                        }

                        return t.device_type is DeviceType.CUDA ? "gpu" : onGpu.ToString();
                    }
                }
                """);

        [Fact]
        public Task QuietOnCpuOnlyDevices()
            => VerifyProgramAsync(
                """
                using TorchSharp;

                torch.manual_seed(1);
                var a = torch.device("cpu");
                var b = new torch.Device(DeviceType.CPU);
                var c = torch.ones(3).to("cpu").to(DeviceType.CPU).to(torch.CPU).cpu();
                var m = torch.nn.ReLU().to("cpu").cpu();
                torch.Device d = "cpu";
                torch.set_default_device(torch.CPU);
                var e = torch.zeros(3, device: torch.CPU);
                var f = torch.device(DeviceType.CPU, 0);
                """);

        [Fact]
        public Task QuietWhenTheDeviceIsOnlyKnownAtRunTime()
            => VerifyAsync(
                """
                using TorchSharp;

                static class C
                {
                    static torch.Tensor M(torch.Tensor t, string device, DeviceType type, torch.Device other)
                        => t.to(device).to(type).to(other).to(torch.device(device));
                }
                """);

        [Fact]
        public Task QuietWithoutTorchSharpEvenForLookAlikes()
            => VerifyAsync(
                new[]
                {
                    """
                    enum DeviceType { CPU, CUDA }

                    static class Tensor
                    {
                        public static object cuda(this object o) => o;
                    }

                    static class C
                    {
                        static object M(object o) => DeviceType.CUDA.ToString() + o.cuda();
                    }
                    """,
                },
                OutputKind.DynamicallyLinkedLibrary,
                Libraries.None);

        [Fact]
        public Task QuietInGeneratedCode()
            => VerifyAsync(
                """
                // <auto-generated/>
                using TorchSharp;

                static class C
                {
                    static torch.Tensor M(torch.Tensor t) => t.cuda();
                }
                """);

        [Fact]
        public Task DoesNotThrowOnCodeThatDoesNotCompile()
        {
            var test = new AnalyzerTest<UnseededGpuGeneratorAnalyzer>(Libraries.TorchSharp)
            {
                TestCode = """
                    using TorchSharp;

                    static class C
                    {
                        static void M(torch.Tensor t)
                        {
                            var a = t.{|#0:cuda(|};
                            var b = torch.device(;
                            var c = t.to(DeviceType.);
                            var d = torch.cuda.manual_seed_all(;
                            Undefined.cuda();
                            torch.manual_seed(
                        }
                    }
                    """,
                CompilerDiagnostics = CompilerDiagnostics.None,
            };

            // A half-written torch.cuda.manual_seed_all( does not bind, so it does not count as a seed yet.
            test.ExpectedDiagnostics.Add(Gpu("cuda("));
            return test.RunAsync();
        }

        [Fact]
        public Task FlagsInBrokenCodeWhenNoCudaSeedBinds()
        {
            var test = new AnalyzerTest<UnseededGpuGeneratorAnalyzer>(Libraries.TorchSharp)
            {
                TestCode = """
                    using TorchSharp;

                    static class C
                    {
                        static void M(torch.Tensor t)
                        {
                            var a = t.{|#0:cuda()|};
                            var b = torch.device(;
                            Undefined.manual_seed_all(1);
                        }
                    }
                    """,
                CompilerDiagnostics = CompilerDiagnostics.None,
            };
            test.ExpectedDiagnostics.Add(Gpu("cuda()"));
            return test.RunAsync();
        }
    }
}
