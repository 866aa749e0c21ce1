package com.sqm.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.config.AppConfig;
import com.sqm.secret.SecretStore;
import com.sqm.store.Database;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The template's database: RDS PostgreSQL behind RDS Proxy, migrated at deploy time. */
class TemplateDatabaseTest {
  private static final JsonNode TEMPLATE = TemplateFile.template();
  private static final JsonNode RESOURCES = TEMPLATE.path("Resources");

  private static JsonNode only(String type) {
    List<String> names = TemplateFile.ofType(RESOURCES, type);
    assertThat(names).as(type).hasSize(1);
    return RESOURCES.path(names.get(0));
  }

  private static String onlyName(String type) {
    return TemplateFile.ofType(RESOURCES, type).get(0);
  }

  @Test
  void shouldKeepTheDatabasePrivateAndEncrypted_whenTemplateCreatesIt() {
    JsonNode database = only("AWS::RDS::DBInstance");
    JsonNode props = database.path("Properties");

    assertThat(props.path("Engine").asText()).isEqualTo("postgres");
    assertThat(props.path("PubliclyAccessible").isBoolean()).isTrue();
    assertThat(props.path("PubliclyAccessible").asBoolean()).isFalse();
    assertThat(props.path("StorageEncrypted").asBoolean()).isTrue();
    assertThat(props.path("ManageMasterUserPassword").asBoolean()).isTrue();
    assertThat(props.has("MasterUserPassword")).isFalse();
    assertThat(props.path("DBSubnetGroupName").asText())
        .isEqualTo(onlyName("AWS::RDS::DBSubnetGroup"));
    // Deleting or replacing the stack keeps the data as a snapshot.
    assertThat(database.path("DeletionPolicy").asText()).isEqualTo("Snapshot");
    assertThat(database.path("UpdateReplacePolicy").asText()).isEqualTo("Snapshot");
  }

  @Test
  void
      shouldLetOnlyTheProxyReachTheDatabaseAndOnlyTheFunctionsReachTheProxy_whenTemplateDeclaresGroups() {
    JsonNode database = only("AWS::RDS::DBInstance").path("Properties");
    JsonNode proxy = only("AWS::RDS::DBProxy").path("Properties");
    String databaseGroup = database.path("VPCSecurityGroups").get(0).asText();
    String proxyGroup = proxy.path("VpcSecurityGroupIds").get(0).asText();
    String functionGroup =
        TEMPLATE
            .path("Globals")
            .path("Function")
            .path("VpcConfig")
            .path("SecurityGroupIds")
            .get(0)
            .asText();

    assertThat(ingress(databaseGroup)).containsExactly("5432 from " + proxyGroup);
    assertThat(ingress(proxyGroup)).containsExactly("5432 from " + functionGroup);
    String cacheGroup =
        RESOURCES
            .path(onlyName("AWS::ElastiCache::ReplicationGroup"))
            .path("Properties")
            .path("SecurityGroupIds")
            .get(0)
            .asText();
    assertThat(ingress(cacheGroup)).containsExactly("6379 from " + functionGroup);
    assertThat(ingress(functionGroup)).isEmpty();
  }

  private static List<String> ingress(String group) {
    List<String> rules = new ArrayList<>();
    RESOURCES
        .path(group)
        .path("Properties")
        .path("SecurityGroupIngress")
        .forEach(
            r -> {
              assertThat(r.path("FromPort").asInt()).isEqualTo(r.path("ToPort").asInt());
              rules.add(
                  r.path("FromPort").asInt() + " from " + r.path("SourceSecurityGroupId").asText());
            });
    return rules;
  }

  @Test
  void shouldConnectThroughTheProxyWithTheManagedSecret_whenFunctionsReadTheDatabaseSettings() {
    String database = onlyName("AWS::RDS::DBInstance");
    String proxy = onlyName("AWS::RDS::DBProxy");
    JsonNode proxyProps = RESOURCES.path(proxy).path("Properties");
    JsonNode targets = only("AWS::RDS::DBProxyTargetGroup").path("Properties");
    JsonNode env = TEMPLATE.path("Globals").path("Function").path("Environment").path("Variables");
    String secretArn = database + ".MasterUserSecret.SecretArn";

    assertThat(proxyProps.path("EngineFamily").asText()).isEqualTo("POSTGRESQL");
    assertThat(proxyProps.path("RequireTLS").asBoolean()).isTrue();
    assertThat(proxyProps.path("Auth").get(0).path("SecretArn").asText()).isEqualTo(secretArn);
    assertThat(targets.path("DBProxyName").asText()).isEqualTo(proxy);
    assertThat(targets.path("DBInstanceIdentifiers").get(0).asText()).isEqualTo(database);
    assertThat(env.path("SQM_DB_URL").asText()).contains("${" + proxy + ".Endpoint}");
    assertThat(env.path("SQM_DB_USER").asText())
        .isEqualTo(RESOURCES.path(database).path("Properties").path("MasterUsername").asText());
    assertThat(env.path("SQM_DB_PASSWORD").asText()).isEqualTo("secret:${" + secretArn + "}");

    // What the functions make of it: the password field of the secret RDS manages.
    String arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1-AbC123";
    AppConfig config =
        AppConfig.from(
            Map.of(
                "SQM_DB_URL",
                env.path("SQM_DB_URL")
                    .asText()
                    .replace("${" + proxy + ".Endpoint}", "proxy.example.com"),
                "SQM_QUEUE_URL",
                "http://127.0.0.1:1/000000000000/none",
                "SQM_DB_PASSWORD",
                env.path("SQM_DB_PASSWORD").asText().replace("${" + secretArn + "}", arn)));
    List<String> read = new ArrayList<>();
    SecretStore store =
        name -> {
          read.add(name);
          return "{\"username\":\"sqm_app\",\"password\":\"pw\"}";
        };
    assertThat(Database.password(config, () -> store)).isEqualTo("pw");
    assertThat(read).containsExactly(arn);
    assertThat(config.dbUrl()).startsWith("jdbc:postgresql://proxy.example.com:5432/");
  }

  @Test
  void shouldLetEveryFunctionReadTheDatabaseSecretAndOnlyIt_whenTemplateGrantsAccess() {
    String database = onlyName("AWS::RDS::DBInstance");
    JsonNode reader = RESOURCES.path("DatabaseSecretReader");
    JsonNode statements = reader.path("Properties").path("PolicyDocument").path("Statement");

    assertThat(statements).hasSize(1);
    assertThat(statements.get(0).path("Action").toString())
        .isEqualTo(TemplateFile.READ_SECRET_ACTIONS);
    assertThat(statements.get(0).path("Resource").asText())
        .isEqualTo(database + ".MasterUserSecret.SecretArn");
    for (Map.Entry<String, JsonNode> function : TemplateFile.functions().entrySet()) {
      if (TemplateFile.READS_NO_DATABASE.contains(function.getKey())) {
        assertThat(function.getValue().path("Policies").toString())
            .as(function.getKey())
            .doesNotContain("DatabaseSecretReader");
        continue;
      }
      assertThat(function.getValue().path("Policies").toString())
          .as(function.getKey())
          .contains("\"DatabaseSecretReader\"");
    }
  }

  @Test
  void shouldMigrateAfterTheDatabaseAndItsProxyExist_whenTemplateDeclaresTheCustomResource() {
    List<String> resources = TemplateFile.ofType(RESOURCES, "AWS::CloudFormation::CustomResource");
    assertThat(resources).hasSize(1);
    JsonNode migrations = RESOURCES.path(resources.get(0));
    List<String> dependsOn = new ArrayList<>();
    migrations.path("DependsOn").forEach(d -> dependsOn.add(d.asText()));
    String function = migrations.path("Properties").path("ServiceToken").asText().split("\\.")[0];

    assertThat(dependsOn)
        .contains(onlyName("AWS::RDS::DBInstance"), onlyName("AWS::RDS::DBProxyTargetGroup"));
    assertThat(TemplateFile.functions().get(function).path("Handler").asText())
        .isEqualTo(com.sqm.functions.migrate.MigrateHandler.class.getName() + "::handleRequest");
    // A new version of the function (new migrations in its jar) changes a property: an Update.
    assertThat(migrations.path("Properties").path("FunctionVersion").asText())
        .isEqualTo(function + ".Version");
  }
}
