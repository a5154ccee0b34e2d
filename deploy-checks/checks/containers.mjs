// The Dockerfiles, .dockerignore and the pieces that must agree across the image, Terraform and CI: the UBI 9
// micro base (the executable is linked on UBI 9), the RDS trust store the JDBC URLs name, the ECS health-check
// command CI runs inside the image.
import { dirByRel } from "../lib/terraform.mjs";
import { Problems, readData } from "../lib/repo.mjs";

const images = readData("github-actions.json");
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

function finalUser(text) {
  const users = text.split("\n").filter((l) => /^USER\s+/i.test(l.trim()));
  return users.length ? users.at(-1).trim().split(/\s+/)[1] : undefined;
}

const fromLines = (text) => text.split("\n").filter((l) => /^FROM\s+/i.test(l)).map((l) => l.trim().split(/\s+/)[1]);

export const checks = [
  {
    id: "img-headers",
    title: "Dockerfiles start with their build and run commands, use the Quarkus base images, end non-root on 8080",
    run(repo) {
      const problems = new Problems();
      for (const [name, base, artifact, buildCmd] of [
        ["Dockerfile.jvm", "registry.access.redhat.com/ubi9/openjdk-17-runtime", "target/quarkus-app/", "./mvnw package"],
        ["Dockerfile.native-micro", images.micro_image.image, "target/*-runner", "./mvnw package -Dnative"],
      ]) {
        const text = repo.read(`src/main/docker/${name}`);
        const header = text.slice(0, text.search(/^(FROM|ARG) /m));
        problems.check(header.split("\n").every((l) => l.trim() === "" || l.startsWith("#")), `${name}: must start with a comment`);
        problems.check(header.includes(buildCmd) && header.includes(`docker build -f src/main/docker/${name}`) && /docker run .*-p 8080:8080/.test(header), `${name}: the header must give the build, docker build and docker run commands`);
        problems.check(new RegExp(`^${escape(base)}(:|$)`).test(fromLines(text).at(-1) ?? ""), `${name}: the final image must be based on ${base}`);
        problems.check(text.includes(artifact), `${name}: must copy ${artifact}`);
        const user = finalUser(text);
        problems.check(user && !["root", "0"].includes(user.split(":")[0]), `${name}: must end as a non-root USER, got ${user}`);
        problems.check(/^EXPOSE 8080$/m.test(text), `${name}: EXPOSE 8080`);
      }
      problems.done();
    },
  },
  {
    id: "img-ubi9",
    title: "the native image runs on the UBI 9 micro image and its documented build uses the UBI 9 builder",
    run(repo) {
      const problems = new Problems();
      const text = repo.read("src/main/docker/Dockerfile.native-micro");
      problems.check(fromLines(text).at(-1) === images.micro_image.image, `Dockerfile.native-micro: FROM ${fromLines(text).at(-1)}; the executable is built on UBI 9, so it must run on ${images.micro_image.image} (${images.micro_image.source})`);
      problems.check(!/quay\.io\/quarkus\/quarkus-micro-image/.test(text), "Dockerfile.native-micro: quarkus-micro-image is the UBI 8 image (glibc 2.28): GLIBC_2.3x not found at start");
      problems.check(text.includes(`-Dquarkus.native.builder-image=${images.quarkus_builder_image.image}`), `Dockerfile.native-micro: the documented build must use ${images.quarkus_builder_image.image}`);
      problems.done();
    },
  },
  {
    id: "img-rds-truststore",
    title: "the image carries the RDS CA bundle where, and with the password, the JDBC URLs of Terraform and CI name",
    run(repo) {
      const problems = new Problems();
      const docker = repo.read("src/main/docker/Dockerfile.native-micro");
      const store = docker.match(/COPY --from=rds-truststore[^\n]*\s(\/tmp\/[\w.-]+\.p12)\s+(\/work\/[\w.-]+\.p12)/);
      problems.check(store, "Dockerfile.native-micro: the trust store stage's .p12 must be copied into /work/");
      problems.check(/ADD [^\n]*\$\{RDS_CA_BUNDLE_URL\}/.test(docker) && /RDS_CA_BUNDLE_URL=https:\/\/truststore\.pki\.rds\.amazonaws\.com\//.test(docker), "Dockerfile.native-micro: the bundle comes from truststore.pki.rds.amazonaws.com");
      const storepass = docker.match(/-storepass (\S+)/)?.[1];
      const flashcart = dirByRel(repo.tf, "terraform/modules/flashcart");
      const jdbc = `${flashcart?.locals.jdbc_tls ?? ""}&${flashcart?.locals.jdbc_truststore ?? ""}`;
      const expected = [`trustCertificateKeyStoreUrl=file:${store?.[2]}`, "trustCertificateKeyStoreType=PKCS12", `trustCertificateKeyStorePassword=${storepass}`];
      for (const part of expected) problems.check(jdbc.includes(part), `modules/flashcart: the JDBC TLS parameters must include ${part} (the image's trust store), got ${jdbc}`);
      problems.check(/sslMode=VERIFY_IDENTITY/.test(jdbc), "modules/flashcart: sslMode=VERIFY_IDENTITY");
      const ci = repo.read(".github/scripts/native-container-check.sh");
      for (const part of expected) problems.check(ci.includes(part), `.github/scripts/native-container-check.sh: its JDBC URL must use ${part} like Terraform's`);
      problems.check(ci.includes(`:${store?.[2]}:ro`), `.github/scripts/native-container-check.sh: the test trust store must be mounted at ${store?.[2]}`);
      problems.done();
    },
  },
  {
    id: "img-health-probe",
    title: "CI runs, inside the image, the very health-check command ECS runs",
    run(repo) {
      const problems = new Problems();
      const ecs = dirByRel(repo.tf, "terraform/modules/ecs-service");
      const probe = String(ecs?.locals.liveness_probe ?? "").match(/exec 3<>[^\n]*\]\]/)?.[0];
      const rendered = probe?.replace("${var.container_port}", "8080").replace("${var.liveness_path}", "/q/health/live");
      const ci = repo.read(".github/scripts/native-container-check.sh");
      const ciProbe = ci.match(/^probe='(.*)'$/m)?.[1]?.replaceAll(`'"'"'`, "'");
      problems.check(rendered && ciProbe === rendered, `native-container-check.sh must run the ECS health check as Terraform writes it:\n    terraform: ${rendered}\n    CI:        ${ciProbe}`);
      problems.check(/docker exec [\w-]+ \/bin\/bash -c "\$probe"/.test(ci), "native-container-check.sh must run the probe with /bin/bash inside the container, as ECS does");
      problems.done();
    },
  },
  {
    id: "img-dockerignore",
    title: ".dockerignore lets only the build outputs into the build context",
    run(repo) {
      const problems = new Problems();
      const lines = repo.read(".dockerignore").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
      problems.check(lines[0] === "*", ".dockerignore must start by excluding everything");
      for (const keep of ["!target/*-runner", "!target/*-runner.jar", "!target/lib/*", "!target/quarkus-app/*"]) problems.check(lines.includes(keep), `.dockerignore must keep ${keep}`);
      problems.check(lines.slice(1).every((l) => l.startsWith("!target/")), ".dockerignore lets in something besides target/ outputs");
      problems.done();
    },
  },
];
