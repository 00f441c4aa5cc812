package io.creditcast.media.ingest.rtmp.internal;

/**
 * One reassembled RTMP message.
 *
 * @param typeId 1 set chunk size, 3 ack, 4 user control, 5 window ack size, 8 audio, 9 video, 18 AMF0 data, 20 AMF0
 *     command, 15/17 their AMF3 forms
 * @param timestampMs absolute timestamp (32-bit, wraps)
 * @param streamId the message stream id (little-endian on the wire)
 */
public record RtmpMessage(int chunkStreamId, int typeId, long timestampMs, int streamId, byte[] payload) {
    public static final int SET_CHUNK_SIZE = 1;
    public static final int ABORT = 2;
    public static final int ACK = 3;
    public static final int USER_CONTROL = 4;
    public static final int WINDOW_ACK_SIZE = 5;
    public static final int SET_PEER_BANDWIDTH = 6;
    public static final int AUDIO = 8;
    public static final int VIDEO = 9;
    public static final int DATA_AMF3 = 15;
    public static final int COMMAND_AMF3 = 17;
    public static final int DATA_AMF0 = 18;
    public static final int COMMAND_AMF0 = 20;
}
