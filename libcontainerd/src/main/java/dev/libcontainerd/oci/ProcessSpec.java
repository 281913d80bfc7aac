package dev.libcontainerd.oci;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
public final class ProcessSpec {
  final ObjectNode n;
  ProcessSpec(ObjectNode n){this.n=n;}
  public static ProcessSpec fromJson(String j){ try { return new ProcessSpec((ObjectNode)Spec.M.readTree(j)); } catch(Exception e){ throw new dev.libcontainerd.errdefs.InvalidParameterException(e.getMessage()); } }
  public String toJson(){ return n.toString(); }
  public boolean terminal(){ return n.path("terminal").asBoolean(); }
}
