package dev.libcontainerd.oci;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
public final class Spec {
  static final ObjectMapper M = new ObjectMapper();
  final ObjectNode n;
  Spec(ObjectNode n){this.n=n;}
  public static Spec fromJson(String j){ try { return new Spec((ObjectNode)M.readTree(j)); } catch(Exception e){ throw new dev.libcontainerd.errdefs.InvalidParameterException(e.getMessage()); } }
  public String toJson(){ return n.toString(); }
  public ProcessSpec process(){ return n.has("process") ? new ProcessSpec((ObjectNode)n.get("process")) : null; }
  public Root root(){ return n.has("root") ? new Root(n.get("root").path("path").asText(null), n.get("root").path("readonly").asBoolean()) : null; }
  public record Root(String path, boolean readonly){}
}
