using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;

namespace Seeding.Benchmarks
{
    /// <summary>
    /// What the SEED rules add to a real <c>dotnet build</c>: the generated program written out as
    /// a console project twice, identical but for a PackageReference to Seeding.Analyzers (packed
    /// from this repository into a local feed), restored once, then built with
    /// <c>--no-incremental</c> in pairs A B A B ..., each build's process timed by wall clock.
    /// A = with the package, B = without. The build servers (MSBuild nodes, the compiler server)
    /// are left running throughout, so both sides see the same warm server state; nothing shuts
    /// them down between builds.
    /// </summary>
    internal static class RealBuild
    {
        public const double Target = 1.03;

        private const string PackageVersion = "0.0.0-bench";
        private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(10);
        private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(20);

        public static bool Run(int files, int runs)
        {
            var root = Directory.CreateTempSubdirectory("seeding-bench-build-").FullName;
            Console.Error.WriteLine($"[real build, ML mix, {files} files, {runs} pairs] working in {root}");
            var feed = Path.Combine(root, "feed");
            var environment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                // A packages folder of its own, so no earlier extraction of the package is reused;
                // packages already on this machine come from the fallback folder in nuget.config.
                ["NUGET_PACKAGES"] = Path.Combine(root, "packages"),
            };

            var pack = ChildProcess.Dotnet(
                References.RepositoryRoot,
                environment,
                PackTimeout,
                "pack",
                Path.Combine("src", "CodeFixes", "Seeding.Analyzers.CodeFixes.csproj"),
                "-c", "Release",
                "-o", feed,
                "--artifacts-path", Path.Combine(root, "pack"),
                "-p:Version=" + PackageVersion);
            if (!Succeeded("pack", pack, root))
            {
                return false;
            }

            File.WriteAllText(Path.Combine(root, "nuget.config"), NuGetConfig(feed));
            var with = Path.Combine(root, "with");
            var without = Path.Combine(root, "without");
            var generated = CodeGenerator.Generate(files, Mix.MachineLearning);
            WriteProject(with, generated, withAnalyzers: true);
            WriteProject(without, generated, withAnalyzers: false);

            foreach (var directory in new[] { with, without })
            {
                var restore = ChildProcess.Dotnet(directory, environment, BuildTimeout, "restore", "-nologo");
                if (!Succeeded("restore " + Path.GetFileName(directory), restore, root))
                {
                    return false;
                }
            }

            var a = new List<double>();
            var b = new List<double>();
            var busyA = new List<double>();
            var busyB = new List<double>();
            var seedWarnings = 0;
            var seedWarningsWithout = 0;
            for (var pair = 0; pair <= runs; pair++)
            {
                var label = pair == 0 ? "warm-up" : "pair " + pair.ToString(CultureInfo.InvariantCulture);
                var busyBefore = MachineBusySeconds();
                var buildA = Build(with, environment);
                var busyOfA = MachineBusySeconds() - busyBefore;
                if (!Succeeded(label + " A", buildA, root))
                {
                    return false;
                }

                busyBefore = MachineBusySeconds();
                var buildB = Build(without, environment);
                var busyOfB = MachineBusySeconds() - busyBefore;
                if (!Succeeded(label + " B", buildB, root))
                {
                    return false;
                }

                seedWarnings = CountSeedWarnings(buildA.Output, out var distinctA);
                seedWarningsWithout = CountSeedWarnings(buildB.Output, out _);
                Console.Error.WriteLine(Invariant(
                    $"  {label}: A (with Seeding.Analyzers) {buildA.Elapsed.TotalSeconds:F1} s ({busyOfA:F1} s busy), {seedWarnings} 'warning SEED' lines ({distinctA} distinct); B (without) {buildB.Elapsed.TotalSeconds:F1} s ({busyOfB:F1} s busy), {seedWarningsWithout} 'warning SEED' lines"));
                if (pair > 0)
                {
                    a.Add(buildA.Elapsed.TotalSeconds);
                    b.Add(buildB.Elapsed.TotalSeconds);
                    busyA.Add(busyOfA);
                    busyB.Add(busyOfB);
                }
            }

            Print(files, a, b, busyA, busyB, seedWarnings, seedWarningsWithout);

            // One more build of each with the compiler's own telemetry: what each analyzer costs inside a
            // real build (English messages, so that the report can be read), and which compiler ran.
            var reportA = Build(with, environment, "-p:ReportAnalyzer=true", "-p:PreferredUILang=en-US", "-v:d");
            var reportB = Build(without, environment, "-p:ReportAnalyzer=true", "-p:PreferredUILang=en-US", "-v:d");
            if (reportA.ExitCode == 0 && reportB.ExitCode == 0)
            {
                PrintAnalyzerReport(AnalyzerReport.Parse(reportA.Output), AnalyzerReport.Parse(reportB.Output));
            }
            else
            {
                Console.Error.WriteLine("The builds with the analyzer report failed; the pairs above stand, the report is left out.");
            }

            TryDelete(root);
            return true;
        }

        /// <summary>The compiler's analyzer telemetry of one build with and one without the package, side by side.</summary>
        private static void PrintAnalyzerReport(AnalyzerReport with, AnalyzerReport without)
        {
            var text = new StringBuilder();
            text.AppendLine("### Inside the build: the compiler's analyzer telemetry (one more build each, `-p:ReportAnalyzer=true`)");
            text.AppendLine();
            if (with.Total is null || without.Total is null)
            {
                text.AppendLine("The build output had no analyzer report (\"Total analyzer execution time\"); nothing to show.");
                text.AppendLine();
                Console.Write(text.ToString());
                return;
            }

            text.AppendLine($"Compiler: A {with.Compiler}, B {without.Compiler} (the builds above run the same way). Times summed over the compiler's threads (analyzers run concurrently with each other and with the compiler), in seconds.");
            text.AppendLine();
            text.AppendLine("| analyzer | A: with Seeding.Analyzers | B: without |");
            text.AppendLine("| --- | ---: | ---: |");
            text.AppendLine(Invariant($"| all analyzers | {with.Total:F3} | {without.Total:F3} |"));
            foreach (var (name, seconds) in with.Entries)
            {
                var other = without.Find(name);
                text.AppendLine($"| {name} | {seconds} | {other ?? "–"} |");
            }

            text.AppendLine();
            Console.Write(text.ToString());
        }

        private static ChildProcess.Result Build(string directory, IReadOnlyDictionary<string, string> environment, params string[] extra)
        {
            // The compiler server, as a user's build has it by default: also on the command line, which wins over the environment and project files.
            var arguments = new List<string> { "build", "--no-incremental", "-c", "Release", "--no-restore", "-nologo", "-tl:off", "-p:UseSharedCompilation=true" };
            arguments.AddRange(extra);
            return ChildProcess.Dotnet(directory, environment, BuildTimeout, arguments.ToArray());
        }

        /// <summary>
        /// Processor time the whole machine has spent busy (user, nice, system, interrupts; not
        /// idle, I/O wait or time stolen by the host), in seconds, from <c>/proc/stat</c>; NaN
        /// elsewhere. Over a build it counts every process the build uses, the compiler server and
        /// MSBuild's reused nodes included, which outlive the build and so escape a child
        /// process's accounting; and anything else running, which the pairs share.
        /// </summary>
        private static double MachineBusySeconds()
        {
            if (!File.Exists("/proc/stat"))
            {
                return double.NaN;
            }

            foreach (var line in File.ReadLines("/proc/stat"))
            {
                if (!line.StartsWith("cpu ", StringComparison.Ordinal))
                {
                    continue;
                }

                // cpu user nice system idle iowait irq softirq steal ...
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                long busy = 0;
                foreach (var index in new[] { 1, 2, 3, 6, 7 })
                {
                    busy += long.Parse(fields[index], CultureInfo.InvariantCulture);
                }

                return busy / 100.0; // USER_HZ, 100 on Linux
            }

            return double.NaN;
        }

        private static void Print(int files, List<double> a, List<double> b, List<double> busyA, List<double> busyB, int seedWarnings, int seedWarningsWithout)
        {
            var text = new StringBuilder();
            text.AppendLine(Invariant($"## Real build ({files:N0}-file ML program, `dotnet build --no-incremental -c Release`, wall time per process, {a.Count} pairs after one warm-up each)"));
            text.AppendLine();
            text.AppendLine("| pair | A: with Seeding.Analyzers (s) | B: without (s) | A / B | A: machine busy (s) | B: machine busy (s) | busy A / B |");
            text.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            var ratios = new List<double>(a.Count);
            var busyRatios = new List<double>(a.Count);
            for (var i = 0; i < a.Count; i++)
            {
                ratios.Add(a[i] / b[i]);
                busyRatios.Add(busyA[i] / busyB[i]);
                text.AppendLine(Invariant($"| {i + 1} | {a[i]:F1} | {b[i]:F1} | {a[i] / b[i]:F3} | {busyA[i]:F1} | {busyB[i]:F1} | {busyA[i] / busyB[i]:F3} |"));
            }

            var medianRatio = Measurement.Median(ratios);
            text.AppendLine(Invariant($"| median | {Measurement.Median(a):F1} | {Measurement.Median(b):F1} | {medianRatio:F3} (median of the ratios) | {Measurement.Median(busyA):F1} | {Measurement.Median(busyB):F1} | {Measurement.Median(busyRatios):F3} |"));
            text.AppendLine();
            text.AppendLine("\"Machine busy\" is the processor time the whole machine spent during the build (`/proc/stat`): every process the build uses, the compiler server included; unlike wall time it does not grow while the build waits for a core.");
            text.AppendLine();
            text.AppendLine(Invariant(
                $"Target: median ratio A / B ≤ {Target:F2}: {(medianRatio <= Target ? "met" : "**not met**")} ({medianRatio:F3})."));
            text.AppendLine(Invariant(
                $"Sanity: the last A build printed {seedWarnings} lines with 'warning SEED' (B: {seedWarningsWithout}){(seedWarnings == 0 ? "; **A reported no SEED warning: the analyzers were not active, the comparison means nothing**" : ": the analyzers were active")}."));
            text.AppendLine();
            Console.Write(text.ToString());
        }

        /// <summary>Lines of build output with "warning SEED" (the console logger repeats each warning in its summary).</summary>
        private static int CountSeedWarnings(string output, out int distinct)
        {
            var count = 0;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var line in output.Split('\n'))
            {
                if (line.Contains("warning SEED", StringComparison.Ordinal))
                {
                    count++;
                    seen.Add(line.Trim());
                }
            }

            distinct = seen.Count;
            return count;
        }

        private static void WriteProject(string directory, List<GeneratedFile> generated, bool withAnalyzers)
        {
            foreach (var file in generated)
            {
                var path = Path.Combine(directory, file.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, file.Text);
            }

            var analyzers = withAnalyzers
                ? $"\n    <PackageReference Include=\"Seeding.Analyzers\" Version=\"{PackageVersion}\" PrivateAssets=\"all\" />"
                : string.Empty;
            File.WriteAllText(Path.Combine(directory, "Bench.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <AssemblyName>Bench</AssemblyName>
                    <RootNamespace>Bench</RootNamespace>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>disable</ImplicitUsings>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="TorchSharp" Version="{References.TorchSharpVersion}" />{analyzers}
                  </ItemGroup>
                </Project>

                """);
        }

        /// <summary>
        /// The local feed on top of the machine's own sources (TorchSharp's dependencies still come
        /// from those), and the machine's package folder as a fallback so nothing restored before is
        /// downloaded again.
        /// </summary>
        private static string NuGetConfig(string feed) => $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="seeding-bench-local" value="{feed}" />
              </packageSources>
              <fallbackPackageFolders>
                <add key="machine" value="{References.NuGetPackageRoot}" />
              </fallbackPackageFolders>
            </configuration>

            """;

        private static bool Succeeded(string step, ChildProcess.Result result, string root)
        {
            if (result.ExitCode == 0)
            {
                return true;
            }

            Console.Error.WriteLine($"{step} failed (exit {result.ExitCode}): {result.CommandLine}");
            var lines = result.Output.Split('\n');
            for (var i = Math.Max(0, lines.Length - 40); i < lines.Length; i++)
            {
                Console.Error.WriteLine("  " + lines[i]);
            }

            Console.Error.WriteLine($"The working folder is left for inspection: {root}");
            return false;
        }

        private static void TryDelete(string root)
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                Console.Error.WriteLine($"Could not delete {root}; it is harmless to leave.");
            }
            catch (UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"Could not delete {root}; it is harmless to leave.");
            }
        }

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The analyzer report the compiler prints with <c>ReportAnalyzer</c> at detailed verbosity:
    /// the total, then one line per analyzer assembly (its name has ", Version=") followed by one
    /// line per analyzer in it ("time  percent  name"). Only the assemblies, and the analyzers of
    /// Seeding.Analyzers, are kept.
    /// </summary>
    internal sealed class AnalyzerReport
    {
        private const string TotalMarker = "Total analyzer execution time:";
        private const string CompilerMarker = "CompilerServer:";

        /// <summary>"server" when the compiler server compiled, "a fresh csc" when the command-line compiler ran, as the build's log says.</summary>
        public string Compiler { get; private set; } = "not reported";

        public double? Total { get; private set; }

        /// <summary>Analyzer assemblies (by simple name) and the SEED rules, in the report's order, with the time as printed.</summary>
        public List<(string Name, string Seconds)> Entries { get; } = new List<(string Name, string Seconds)>();

        public string? Find(string name)
        {
            foreach (var (entry, seconds) in Entries)
            {
                if (entry == name)
                {
                    return seconds;
                }
            }

            return null;
        }

        public static AnalyzerReport Parse(string output)
        {
            var report = new AnalyzerReport();
            var inReport = false;
            foreach (var raw in output.Split('\n'))
            {
                var line = raw.Trim();
                var compiler = line.IndexOf(CompilerMarker, StringComparison.Ordinal);
                if (compiler >= 0)
                {
                    // "CompilerServer: server - server processed compilation - ..." or "CompilerServer: tool - using command line tool by design ..."
                    var kind = line.Substring(compiler + CompilerMarker.Length).TrimStart();
                    report.Compiler = kind.StartsWith("server", StringComparison.Ordinal) ? "server" : kind.StartsWith("tool", StringComparison.Ordinal) ? "a fresh csc" : "unknown";
                    continue;
                }

                var total = line.IndexOf(TotalMarker, StringComparison.Ordinal);
                if (total >= 0)
                {
                    if (report.Total is not null)
                    {
                        inReport = false; // the first project's report only
                        continue;
                    }

                    var number = line.Substring(total + TotalMarker.Length).Trim().Split(' ')[0];
                    if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
                    {
                        report.Total = seconds;
                        inReport = true;
                    }

                    continue;
                }

                if (!inReport || line.Length == 0 || line.StartsWith("Time (s)", StringComparison.Ordinal))
                {
                    continue;
                }

                if (line.Contains("generator execution time", StringComparison.OrdinalIgnoreCase))
                {
                    inReport = false; // the analyzers' part is over (the compiler's own line comes later)
                    continue;
                }

                // "0.677   48   Seeding.Analyzers, Version=0.0.0.0, ..." or "0.503   35      Seeding.Analyzers.Rules.MissingTorchSeedAnalyzer (SEED003)"
                var parts = line.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length < 3 || !(char.IsDigit(parts[0][0]) || parts[0][0] == '<'))
                {
                    continue;
                }

                var name = parts[2].Trim();
                var comma = name.IndexOf(", Version=", StringComparison.Ordinal);
                if (comma > 0)
                {
                    report.Entries.Add((name.Substring(0, comma), parts[0]));
                }
                else if (name.StartsWith("Seeding.Analyzers.", StringComparison.Ordinal))
                {
                    report.Entries.Add(("· " + name.Substring(name.LastIndexOf('.') + 1), parts[0])); // "· MissingTorchSeedAnalyzer (SEED003)"
                }
            }

            return report;
        }
    }

    /// <summary>Runs a tool as a user would from a shell, with a time limit, and times the whole process.</summary>
    internal static class ChildProcess
    {
        public static Result Dotnet(string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] arguments)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            // Whatever MSBuild settings the benchmark itself was started with must not leak into the
            // builds: MSBuild reads every environment variable as a property, so UseSharedCompilation=false
            // in the benchmark's environment (as on the machine this was written on) would make every
            // build start a fresh compiler, which JIT-compiles the analyzers again, where a user's builds
            // run in the compiler server.
            foreach (var key in new List<string>(start.Environment.Keys))
            {
                if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || key == "DOTNET_HOST_PATH"
                    || string.Equals(key, "UseSharedCompilation", StringComparison.OrdinalIgnoreCase))
                {
                    start.Environment.Remove(key);
                }
            }

            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            foreach (var pair in environment)
            {
                start.Environment[pair.Key] = pair.Value;
            }

            var output = new StringBuilder();
            using var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => Append(output, e.Data);
            process.ErrorDataReceived += (_, e) => Append(output, e.Data);
            var commandLine = "dotnet " + string.Join(" ", arguments);
            var watch = Stopwatch.StartNew();
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                throw new TimeoutException($"'{commandLine}' in {workingDirectory} did not finish within {timeout}.");
            }

            watch.Stop();
            process.WaitForExit(); // flush the asynchronous readers
            return new Result(commandLine, process.ExitCode, watch.Elapsed, output.ToString());
        }

        private static void Append(StringBuilder output, string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }
        }

        /// <summary>A finished process: exit code, wall time from start to exit, everything it printed.</summary>
        internal sealed record Result(string CommandLine, int ExitCode, TimeSpan Elapsed, string Output);
    }
}
